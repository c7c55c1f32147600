package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.NOT_MISC;
import static dev.pgaudit.operator.api.AuditClass.ALL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create, update and delete a policy of each scope; check the real Aiven config and pg_db_role_setting. */
class ScopeReconcileTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void serviceScopeWritesOnlyPgauditKeysAndUndoesThemOnDelete() {
    String ns = env.namespace();
    String service = env.pgService();
    env.aiven.putUserConfigDirectly(OperatorTestEnv.PROJECT, service, Map.of("pgaudit", Map.of("log_client", true)));
    Map<String, Object> before = env.aiven.userConfig(OperatorTestEnv.PROJECT, service);

    env.create(policy(ns, "svc", service).serviceScope().log(DDL, ROLE).settings(s -> s.setLogRows(true)).build());
    env.awaitReady(ns, "svc");
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true).containsEntry("log", List.of("ddl", "role"))
        .containsEntry("log_rows", true).containsEntry("log_client", true);
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).containsEntry("pg_version", before.get("pg_version"));

    env.edit(ns, "svc", p -> p.getSpec().setLog(List.of(WRITE)));
    env.awaitReady(ns, "svc");
    assertThat(env.pgaudit(service)).containsEntry("log", List.of("write"));

    env.delete(ns, "svc");
    env.awaitGone(ns, "svc");
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", false).containsEntry("log", List.of())
        .containsEntry("log_rows", false).containsEntry("log_client", true);
  }

  @Test
  void databaseScopeSetsAndResetsOnlyItsDatabasesSettings() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String other = env.database("other");
    env.sqlAsAvnadmin("ALTER DATABASE " + OperatorTestEnv.quote(orders) + " SET work_mem = '8MB'",
        "ALTER DATABASE " + OperatorTestEnv.quote(other) + " SET pgaudit.log = 'ddl'");

    env.create(policy(ns, "db", service).databases(orders).log(ALL, NOT_MISC).settings(s -> s.setLogRelation(true)).build());
    env.awaitReady(ns, "db");
    assertThat(env.stored(orders, null))
        .containsEntry("pgaudit.log", "all, -misc").containsEntry("pgaudit.log_relation", "on").containsEntry("work_mem", "8MB");
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true).doesNotContainKey("log");

    env.edit(ns, "db", p -> p.getSpec().setLog(List.of(READ, WRITE)));
    env.awaitReady(ns, "db");
    assertThat(env.stored(orders, null)).containsEntry("pgaudit.log", "read, write");

    env.delete(ns, "db");
    env.awaitGone(ns, "db");
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("work_mem", "8MB"));
    assertThat(env.stored(other, null)).isEqualTo(Map.of("pgaudit.log", "ddl"));
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", false);
  }

  @Test
  void roleScopeAndRoleInDatabaseScope() {
    String ns = env.namespace();
    String service = env.pgService();
    String app = env.role("App Writer");
    String reporting = env.role("reporting");
    String billing = env.database("billing");

    env.create(policy(ns, "role", service).roles(app).log(WRITE).build());
    env.create(policy(ns, "role-in-db", service).rolesInDatabases(List.of(reporting), List.of(billing)).log(READ)
        .settings(s -> s.setLogParameter(true)).build());
    env.awaitReady(ns, "role");
    env.awaitReady(ns, "role-in-db");
    assertThat(env.stored(null, app)).isEqualTo(Map.of("pgaudit.log", "write"));
    assertThat(env.stored(billing, reporting)).isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_parameter", "on"));

    env.delete(ns, "role");
    env.awaitGone(ns, "role");
    assertThat(env.stored(null, app)).isEmpty();
    assertThat(env.stored(billing, reporting)).isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_parameter", "on"));
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true);

    env.delete(ns, "role-in-db");
    env.awaitGone(ns, "role-in-db");
    assertThat(env.stored(billing, reporting)).isEmpty();
    await().until(() -> Boolean.FALSE.equals(env.pgaudit(service).get("feature_enabled")));
  }

  @Test
  void aChangeCostsOneProjectReadAndAtMostOneServiceWrite() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "eco", service).serviceScope().log(DDL).build());
    env.awaitReady(ns, "eco");
    env.aiven.requests().reset();

    env.edit(ns, "eco", p -> p.getSpec().setLog(List.of(DDL, READ)));
    env.awaitReady(ns, "eco");
    assertThat(env.aiven.requests().count("GET", AivenSimulator.SERVICES_PATH)).isEqualTo(1);
    assertThat(env.aiven.requests().count("PUT", AivenSimulator.SERVICE_PATH)).isEqualTo(1);
    assertThat(env.aiven.requests().total()).isEqualTo(2);
  }
}
