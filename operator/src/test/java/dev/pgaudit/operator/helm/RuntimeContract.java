package dev.pgaudit.operator.helm;

import java.util.Set;

/**
 * What the chart must agree on with the operator process: the runtime contract shared by the
 * runtime (PgAuditOperatorMain) and the chart. Kept here as data so the chart tests compare against
 * one list, not against what the templates happen to say.
 */
final class RuntimeContract {
  private RuntimeContract() {}

  /**
   * Every PGAUDIT_* variable the operator reads. The chart may set no other. (PGAUDIT_SERVER_SIDE_APPLY
   * exists too, but only for API servers without server-side apply, such as the benchmark's mock server:
   * the chart must never set it, so it is not listed.)
   */
  static final Set<String> PGAUDIT_ENV = Set.of(
      "PGAUDIT_AIVEN_API_URL",
      "PGAUDIT_AIVEN_TOKEN",
      "PGAUDIT_AIVEN_TOKEN_FILE",
      "PGAUDIT_AIVEN_CONNECT_TIMEOUT",
      "PGAUDIT_AIVEN_READ_TIMEOUT",
      "PGAUDIT_WATCH_NAMESPACES",
      "PGAUDIT_RESYNC_PERIOD",
      "PGAUDIT_RECONCILE_CONCURRENCY",
      "PGAUDIT_HTTP_PORT",
      "PGAUDIT_LEADER_ELECTION",
      "PGAUDIT_LEADER_ELECTION_NAMESPACE",
      "PGAUDIT_LOG_LEVEL",
      "PGAUDIT_AIVEN_RATE_LIMIT",
      "PGAUDIT_TENANCY");

  /** What the chart always sets, so the values in values.yaml are the ones in force. */
  static final Set<String> PGAUDIT_ENV_ALWAYS_SET = Set.of(
      "PGAUDIT_AIVEN_API_URL",
      "PGAUDIT_WATCH_NAMESPACES",
      "PGAUDIT_RESYNC_PERIOD",
      "PGAUDIT_RECONCILE_CONCURRENCY",
      "PGAUDIT_HTTP_PORT",
      "PGAUDIT_LEADER_ELECTION",
      "PGAUDIT_LOG_LEVEL",
      "PGAUDIT_TENANCY");

  static final String TOKEN_FILE = "/var/run/secrets/pgaudit/aiven/token";
  static final int HTTP_PORT = 8080;
  static final String PORT_NAME = "http";
  static final String LIVENESS_PATH = "/healthz";
  static final String READINESS_PATH = "/readyz";
  static final String METRICS_PATH = "/metrics";
  static final long USER_ID = 10001;
  static final String JAR = "operator/target/pgaudit-operator.jar";

  /** RBAC on the watched namespaces, as "apiGroup resource verb", and nothing more. */
  static final Set<String> WATCH_RULES = Set.of(
      "pgaudit.dev pgauditpolicies get",
      "pgaudit.dev pgauditpolicies list",
      "pgaudit.dev pgauditpolicies watch",
      "pgaudit.dev pgauditpolicies patch",
      "pgaudit.dev pgauditpolicies update",
      "pgaudit.dev pgauditpolicies/status get",
      "pgaudit.dev pgauditpolicies/status patch",
      "pgaudit.dev pgauditpolicies/status update",
      "pgaudit.dev pgauditpolicies/finalizers update",
      " secrets get",
      " secrets list",
      " secrets watch",
      " events create",
      " events patch");

  /**
   * RBAC in the release namespace for the leader-election Lease: Fabric8's LeaderElector reads (get),
   * creates and renews or takes over the Lease with a JSON merge patch; JOSDK refuses to start leader
   * election without update, and the graceful stop releases the Lease with an update.
   */
  static final Set<String> LEASE_RULES = Set.of(
      "coordination.k8s.io leases get",
      "coordination.k8s.io leases create",
      "coordination.k8s.io leases update",
      "coordination.k8s.io leases patch");

  /** RBAC in the release namespace for the applied records (ConfigMaps, one per Aiven service). */
  static final Set<String> RECORD_RULES = Set.of(
      " configmaps get",
      " configmaps list",
      " configmaps create",
      " configmaps update",
      " configmaps delete");
}
