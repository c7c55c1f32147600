package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.CoverageStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What coverage costs in status writes, counted at the API server: a Service-scope policy whose
 * pairs four Database policies created together shadow is re-reported once, after the last of
 * them ran, not once per write; each Database policy writes its status once. A later write, with
 * nobody left to come, re-reports every policy it shadows at once.
 */
class CoverageReReportsTest {
  private static final int DATABASES = 4;
  /** Sorted before the Database policies: a restarted operator tends to look at it first, before their writes. */
  private static final String SVC = "all-databases";

  // No resync during the test: every status write counted is caused by the policies' creation.
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(10));

  @BeforeAll
  static void start() {
    // Without the pgaudit activation window the Service policy is Ready at its first status.
    env.aiven.options().pgauditActivationDelay(Duration.ZERO);
  }

  private static CoverageStatus coverage(String ns, String name) {
    var p = env.get(ns, name);
    return p == null || p.getStatus() == null ? null : p.getStatus().getCoverage();
  }

  private static void awaitCoverage(String ns, String name, Predicate<CoverageStatus> done) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      CoverageStatus c = coverage(ns, name);
      return c != null && done.test(c);
    });
  }

  @Test
  void databasePoliciesCreatedTogetherCostTheirServicePolicyOneReReport() {
    String ns = env.namespace();
    String service = env.pgService();
    List<String> dbs = List.of(env.database("cov_a"), env.database("cov_b"), env.database("cov_c"), env.database("cov_d"));
    String app = env.role("cov_app");

    env.create(policy(ns, SVC, service).serviceScope().log(DDL).build());
    env.awaitReady(ns, SVC);
    // Alone, a Service-scope policy opens no PostgreSQL session: its coverage is read once a peer's
    // connection is at hand.
    env.awaitCondition(ns, SVC, Conditions.EFFECTIVE, "Unknown", Conditions.Reason.COVERAGE_UNKNOWN);
    assertThat(env.statusWrites(ns, SVC)).isEqualTo(1);

    // Created while the operator is down, so that all four are live when it sweeps the service:
    // the Service policy's coverage changes with each of their writes, whatever the order.
    env.stopOperator();
    for (int i = 0; i < DATABASES; i++) {
      env.create(policy(ns, "db" + i, service).databases(dbs.get(i)).log(READ).build());
    }
    env.startOperator();
    for (int i = 0; i < DATABASES; i++) {
      env.awaitReady(ns, "db" + i);
      env.awaitCondition(ns, "db" + i, Conditions.EFFECTIVE, "True", Conditions.Reason.COVERED);
    }
    // A Database policy covers its database × every login role; the Service policy every database × every login role.
    int loginRoles = coverage(ns, "db0").getPairs();
    int databases = coverage(ns, SVC).getPairs() / loginRoles;
    awaitCoverage(ns, SVC, c -> c.getShadowedByPolicy() == DATABASES * loginRoles);

    assertThat(env.condition(ns, SVC, Conditions.EFFECTIVE).orElseThrow().getReason())
        .isEqualTo(Conditions.Reason.SHADOWED_BY_POLICY);
    assertThat(env.statusWrites(ns, SVC)).as("one re-report for the four writes").isEqualTo(2);
    for (int i = 0; i < DATABASES; i++) assertThat(env.statusWrites(ns, "db" + i)).as("db%d", i).isEqualTo(1);

    // A Role policy on app: its role setting beats every database's and the service's. Nobody is
    // to come, so each policy it shadows is re-reported right after its run, once.
    int shadowedBefore = coverage(ns, SVC).getShadowedByPolicy();
    env.create(policy(ns, "app-writes", service).roles(app).log(WRITE).build());
    env.awaitReady(ns, "app-writes");
    for (int i = 0; i < DATABASES; i++) {
      env.awaitCondition(ns, "db" + i, Conditions.EFFECTIVE, "False", Conditions.Reason.SHADOWED_BY_POLICY);
      assertThat(coverage(ns, "db" + i).getShadowedByPolicy()).as("app@db%d", i).isEqualTo(1);
    }
    // app in every database the four do not name is now shadowed too (in theirs it already was).
    int others = databases - DATABASES;
    awaitCoverage(ns, SVC, c -> c.getShadowedByPolicy() == shadowedBefore + others);

    assertThat(env.statusWrites(ns, "app-writes")).isEqualTo(1);
    assertThat(env.statusWrites(ns, SVC)).isEqualTo(3);
    for (int i = 0; i < DATABASES; i++) assertThat(env.statusWrites(ns, "db" + i)).as("db%d", i).isEqualTo(2);
  }
}
