package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every failure the layers can report becomes a condition with a reason and a message a user can act on. */
class FailureReasonsTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void serviceNotFound() {
    String ns = env.namespace();
    env.create(policy(ns, "p", "pg-missing").serviceScope().log(DDL).build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SERVICE_NOT_FOUND);
    assertThat(c.getMessage()).contains("pg-missing");
    env.awaitCondition(ns, "p", Conditions.SERVICE_CONFIGURED, "False", Conditions.Reason.SERVICE_NOT_FOUND);
  }

  @Test
  void serviceNotRunningWaitsAndRecovers() {
    String ns = env.namespace();
    String service = env.pgService();
    env.aiven.setState(OperatorTestEnv.PROJECT, service, "REBUILDING");
    env.create(policy(ns, "p", service).serviceScope().log(DDL).build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SERVICE_NOT_RUNNING);
    assertThat(c.getMessage()).contains("REBUILDING");
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).doesNotContainKey("pgaudit");

    env.aiven.setState(OperatorTestEnv.PROJECT, service, "RUNNING");
    env.awaitReady(ns, "p");
  }

  @Test
  void invalidTokenNamesTheSecretNotTheToken() {
    String ns = env.namespace();
    String service = env.pgService();
    env.putSecret(ns, "stale", Map.of("token", "expired-token-value-42"));
    env.create(policy(ns, "p", service).serviceScope().log(DDL).token("stale", "token").build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_TOKEN);
    assertThat(c.getMessage()).contains("secret " + ns + "/stale").doesNotContain("expired-token-value-42");
  }

  @Test
  void secretMissingWritesNothingAndASecretAppearingTriggersReconcile() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "p", service).serviceScope().log(DDL).token("later", "token").build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SECRET_MISSING);
    assertThat(c.getMessage()).contains(ns + "/later");
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).doesNotContainKey("pgaudit");

    env.putSecret(ns, "later", Map.of("token", OperatorTestEnv.TOKEN));
    env.awaitReady(ns, "p");
  }

  @Test
  void unsupportedPostgresVersionForSqlScopes() {
    String ns = env.namespace();
    String service = env.pgService("14");
    env.create(policy(ns, "p", service).databases("orders").log(READ).build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.UNSUPPORTED_POSTGRES_VERSION);
    assertThat(c.getMessage())
        .isEqualTo("service " + service + " runs PostgreSQL 14; database and role scopes need PostgreSQL 15 or later");
  }

  @Test
  void missingPrivilegeNamesTheSettingAndWritesNoSql() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.sqlAsSuperuser("REVOKE SET ON PARAMETER pgaudit.log_rows FROM avnadmin");
    try {
      env.create(policy(ns, "p", service).databases(orders).log(READ).settings(s -> s.setLogRows(true)).build());
      Condition c = env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.MISSING_PRIVILEGE);
      assertThat(c.getMessage()).contains("pgaudit.log_rows");
      env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.MISSING_PRIVILEGE);
      assertThat(env.stored(orders, null)).isEmpty();
    } finally {
      env.sqlAsSuperuser("GRANT SET ON PARAMETER pgaudit.log_rows TO avnadmin");
    }
  }

  @Test
  void roleAndDatabaseNotFound() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "role", service).roles("no_such_role").log(READ).build());
    env.create(policy(ns, "db", service).databases("no_such_db").log(READ).build());
    assertThat(env.awaitCondition(ns, "role", Conditions.READY, "False", Conditions.Reason.ROLE_NOT_FOUND).getMessage())
        .contains("no_such_role");
    assertThat(env.awaitCondition(ns, "db", Conditions.READY, "False", Conditions.Reason.DATABASE_NOT_FOUND).getMessage())
        .contains("no_such_db");
  }

  @Test
  void aivenErrorsThatOutlastRetriesAreReportedThenRecovered() {
    String ns = env.namespace();
    String service = env.pgService();
    env.aiven.faults().inject(6, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.AIVEN_API_ERROR);
    assertThat(c.getMessage()).contains("503");
    env.awaitReady(ns, "p");
  }
}
