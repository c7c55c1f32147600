package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions opened before a database setting was written keep the old settings: the policy counts
 * them until they are gone, and says "unknown" while one it may not look at (another role's, whose
 * start avnadmin cannot see) is still there.
 */
class OldSessionsReconcileTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofSeconds(1));

  @Test
  void sessionsFromBeforeTheWriteAreCountedUntilTheyReconnectAndAnotherRolesAreUnknown() throws Exception {
    String ns = env.namespace();
    String service = env.pgService();
    String db = env.database("pool");
    String app = env.role("app");
    Connection appSession = connect(new PgLogin("127.0.0.1", env.pg.port(), app, null, db, "disable"));
    Connection adminSession = connect(env.pg.avnadminParams(db));

    env.create(policy(ns, "reads", service).databases(db).log(READ).build());
    env.awaitReady(ns, "reads");
    CoverageStatus hidden = awaitOldSessions(ns, "unknown");
    assertThat(hidden.getOldSessionsSince()).isNotNull();

    appSession.close();
    CoverageStatus counted = awaitOldSessions(ns, "1");
    assertThat(counted.getOldSessionsSince()).isEqualTo(hidden.getOldSessionsSince());

    adminSession.close();
    try (Connection reconnected = connect(env.pg.avnadminParams(db))) {
      CoverageStatus none = awaitOldSessions(ns, null);
      assertThat(none.getOldSessionsSince()).isNull();
      assertThat(none.getSummary()).isEqualTo(none.getCovered() + "/" + none.getPairs());
    }
  }

  private static CoverageStatus awaitOldSessions(String ns, String count) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          PgAuditPolicy p = env.get(ns, "reads");
          return p.getStatus() == null ? null : p.getStatus().getCoverage();
        }, c -> c != null && Objects.equals(c.getOldSessions(), count));
  }

  private static Connection connect(PgLogin params) throws Exception {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }
}
