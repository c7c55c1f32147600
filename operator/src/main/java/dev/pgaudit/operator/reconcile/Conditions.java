package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.plan.Layer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/** Condition types and reasons, in one place. Messages are one sentence a user can act on. */
public final class Conditions {
  private Conditions() {}

  /** The condition of a type in a status; empty when there is none (or no status). */
  public static Optional<Condition> find(PgAuditPolicyStatus status, String type) {
    if (status == null || status.getConditions() == null) return Optional.empty();
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The condition that reports a layer. */
  public static String typeOf(Layer layer) {
    return switch (layer) {
      case SERVICE -> SERVICE_CONFIGURED;
      case SQL -> SQL_SETTINGS_APPLIED;
      case SINK -> SINK_INTEGRATED;
      case DASHBOARDS -> DASHBOARDS_READY;
    };
  }

  public static final String READY = "Ready";
  public static final String SERVICE_CONFIGURED = "ServiceConfigured";
  public static final String SQL_SETTINGS_APPLIED = "SqlSettingsApplied";
  public static final String SINK_INTEGRATED = "SinkIntegrated";
  public static final String DASHBOARDS_READY = "DashboardsReady";
  public static final String CONFLICT = "Conflict";
  /** Every (database, login role) pair the policy covers is really audited as it says. */
  public static final String EFFECTIVE = "Effective";
  /** Present while a policy's auditing is turned down by another's (or it turns another's down). */
  public static final String AUDIT_REDUCED = "AuditReduced";

  public static final class Reason {
    private Reason() {}

    public static final String RECONCILED = "Reconciled";
    public static final String NOT_APPLICABLE = "NotApplicable";
    public static final String DRY_RUN = "DryRun";
    public static final String SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String SERVICE_NOT_RUNNING = "ServiceNotRunning";
    public static final String INVALID_TOKEN = "InvalidToken";
    public static final String SECRET_MISSING = "SecretMissing";
    public static final String INVALID_SECRET = "InvalidSecret";
    public static final String UNSUPPORTED_POSTGRES_VERSION = "UnsupportedPostgresVersion";
    /** feature_enabled is being applied: pgaudit not usable from SQL yet; passes by itself. */
    public static final String EXTENSION_ENABLING = "ExtensionEnabling";
    public static final String MISSING_PRIVILEGE = "MissingPrivilege";
    public static final String NOT_OWNER = "NotOwner";
    public static final String ROLE_NOT_FOUND = "RoleNotFound";
    public static final String DATABASE_NOT_FOUND = "DatabaseNotFound";
    /** settings.role (pgaudit.role, the object-audit role) names a role that does not exist. */
    public static final String AUDIT_ROLE_NOT_FOUND = "AuditRoleNotFound";
    public static final String INVALID_VALUE = "InvalidValue";
    public static final String CONNECTION_FAILED = "ConnectionFailed";
    /** PostgreSQL refused the policy's own login (its connection Secret, or avnadmin). */
    public static final String LOGIN_FAILED = "LoginFailed";
    public static final String CONFLICT = "Conflict";
    public static final String AIVEN_API_ERROR = "AivenApiError";
    /** The logs integration exists but Aiven does not report it active yet; passes by itself. */
    public static final String SINK_STARTING = "SinkStarting";
    /** Aiven reports the logs integration failed (integration_status.state.status). */
    public static final String SINK_FAILED = "SinkFailed";
    public static final String SINK_DESTINATION_NOT_FOUND = "SinkDestinationNotFound";
    public static final String SINK_DESTINATION_NOT_RUNNING = "SinkDestinationNotRunning";
    public static final String SQL_ERROR = "SqlError";
    public static final String WAITING = "Waiting";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String RECORD_UNAVAILABLE = "AppliedRecordUnavailable";
    /** Effective: every covered pair is audited as the policy says. */
    public static final String COVERED = "Covered";
    /** Effective: a more specific setting of another policy wins on some pairs (declared intent). */
    public static final String SHADOWED_BY_POLICY = "ShadowedByPolicy";
    /** Effective: a more specific setting made outside the operator wins on some pairs. */
    public static final String SHADOWED_OUTSIDE = "ShadowedOutside";
    /** Effective: the policy's own setting is not in force on some pairs (Ready says why). */
    public static final String NOT_IN_PLACE = "NotInPlace";
    /** Effective: coverage could not be computed (not written yet, DryRun, nothing read). */
    public static final String COVERAGE_UNKNOWN = "CoverageUnknown";
    /** The tenancy rule set does not let the policy's namespace use this service with this token. */
    public static final String NOT_ALLOWED = "NotAllowedForNamespace";
    /** The policy would lower the auditing of an Aiven-managed role (avnadmin, …) and the rule set protects them. */
    public static final String MANAGED_ROLE = "ManagedRoleProtected";
    /** On the AuditReduced condition: another policy turns this one's auditing down for some sessions. */
    public static final String REDUCED_BY_PEER = "ReducedByPeer";
    /** On the AuditReduced condition: this policy turns another's auditing down for some sessions. */
    public static final String REDUCES_PEER = "ReducesPeer";
    /** DashboardsReady: the logs integration is not active yet; passes by itself. */
    public static final String INTEGRATION_STARTING = "IntegrationStarting";
    /** DashboardsReady: the OpenSearch service offers no Dashboards (disabled in its user_config, or not running). */
    public static final String DASHBOARDS_DISABLED = "DashboardsDisabled";
    public static final String DASHBOARDS_UNREACHABLE = "DashboardsUnreachable";
    public static final String DASHBOARDS_UNAUTHORIZED = "DashboardsUnauthorized";
    /** DashboardsReady: the Global tenant is unavailable (multitenancy settings). */
    public static final String DASHBOARDS_TENANT = "DashboardsTenantUnavailable";
    public static final String DASHBOARDS_ERROR = "DashboardsError";
    /** DashboardsReady: a hand-made index pattern with the same title is used and left alone. */
    public static final String EXISTING_INDEX_PATTERN = "ExistingIndexPattern";
  }

  /** Kubernetes Event reasons. */
  public static final class EventReason {
    private EventReason() {}

    public static final String APPLIED = "Applied";
    public static final String DRIFT_CORRECTED = "DriftCorrected";
    public static final String CLEANED_UP = "CleanedUp";
    public static final String ORPHANED = "Orphaned";
    public static final String CLEANUP_ABANDONED = "CleanupAbandoned";
    public static final String FAILED = "Failed";
    public static final String RELEASED = "Released";
    public static final String RECORD_LOST = "AppliedRecordLost";
    /** Warning: the Effective condition turned False. */
    public static final String NOT_EFFECTIVE = "NotEffective";
    public static final String NOT_ALLOWED = Reason.NOT_ALLOWED;
    public static final String MANAGED_ROLE = Reason.MANAGED_ROLE;
    public static final String AUDIT_REDUCED = "AuditReduced";
  }
}
