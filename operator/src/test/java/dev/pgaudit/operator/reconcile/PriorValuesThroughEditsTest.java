package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.Leftovers.role;
import static dev.pgaudit.operator.reconcile.Leftovers.roleIn;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values someone else set before the operator came survive a policy's whole life — created,
 * edited the way people edit in Git, deleted — for each scope and for the sink: back as soon as
 * an edit stops asking for the slot, and after the delete. Where a setting is claimed to be back,
 * pgaudit's AUDIT lines show it working again.
 */
class PriorValuesThroughEditsTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static final Leftovers left = new Leftovers(env);
  static final AuditProbe audit = new AuditProbe(env);

  @Test
  void aDbasDatabaseSettingIsBackAfterTheScopeMovesAwayAndAuditsAgain() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String other = env.database("other");
    env.sqlAsSuperuser("ALTER DATABASE " + OperatorTestEnv.quote(orders) + " SET pgaudit.log = 'ddl'");
    env.create(policy(ns, "p", service).databases(orders).log(READ).build());
    env.awaitReady(ns, "p");
    assertThat(audit.audited(null, orders, "CREATE TABLE probe_held (id int)", "SELECT count(*) FROM probe_held"))
        .noneMatch(l -> l.contains("CREATE TABLE probe_held"))
        .anySatisfy(l -> assertThat(l).contains(",READ,SELECT,").contains("SELECT count(*) FROM probe_held"));

    // scope moved to another database: the DBA's value is back at once, not only on delete
    env.edit(ns, "p", p -> p.getSpec().getScope().setDatabases(List.of(other)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(orders)).get(db(orders))).isEqualTo(Map.of("pgaudit.log", "ddl"));
    assertThat(audit.audited(null, orders, "SELECT count(*) FROM probe_held", "CREATE TABLE probe_back (id int)"))
        .noneMatch(l -> l.contains("SELECT count(*) FROM probe_held"))
        .anySatisfy(l -> assertThat(l).contains(",DDL,CREATE TABLE,").contains("CREATE TABLE probe_back"));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sql(db(orders), db(other))).isEqualTo(Map.of(db(orders), Map.of("pgaudit.log", "ddl")));
  }

  @Test
  void aDbasRoleAndRoleInDatabaseSettingsComeBackThroughAScopeChangeAndTheDelete() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String app = env.role("app");
    String qApp = OperatorTestEnv.quote(app);
    env.sqlAsSuperuser("ALTER ROLE " + qApp + " SET pgaudit.log = 'ddl'",
        "ALTER ROLE " + qApp + " IN DATABASE " + OperatorTestEnv.quote(orders) + " SET pgaudit.log = 'write'");
    audit.asAdmin(orders, "CREATE TABLE probe (id int)", "GRANT SELECT, INSERT ON probe TO " + qApp);

    env.create(policy(ns, "p", service).roles(app).log(READ).build());
    env.awaitReady(ns, "p");
    assertLogs(app, orders, "read", "write");

    // Role -> DatabaseRole: the role's own value comes back; the pair in the database is now the policy's
    env.edit(ns, "p", p -> p.getSpec().setScope(new Scope(ScopeLevel.DatabaseRole, List.of(orders), List.of(app))));
    env.awaitReady(ns, "p");
    assertLogs(app, orders, "ddl", "read");
    assertThat(audit.audited(app, orders, "INSERT INTO probe VALUES (1)", "SELECT id FROM probe WHERE id = 2"))
        .noneMatch(l -> l.contains("INSERT INTO probe VALUES (1)"))
        .anySatisfy(l -> assertThat(l).contains(app + "@" + orders).contains(",READ,SELECT,"));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertLogs(app, orders, "ddl", "write");
    assertThat(audit.audited(app, orders, "SELECT id FROM probe WHERE id = 3", "INSERT INTO probe VALUES (4)"))
        .noneMatch(l -> l.contains("WHERE id = 3"))
        .anySatisfy(l -> assertThat(l).contains(app + "@" + orders).contains(",WRITE,INSERT,"));
  }

  @Test
  void consoleKeysComeBackWhenASettingIsDroppedAndWhenThePolicyMovesAway() {
    String ns = env.namespace();
    String first = env.pgService();
    String second = env.pgService();
    env.aiven.putUserConfigDirectly(OperatorTestEnv.PROJECT, first,
        Map.of("pgaudit", Map.of("feature_enabled", true, "log", List.of("read", "write"), "log_rows", true)));
    Map<String, Object> firstBefore = left.service(first);
    Map<String, Object> secondBefore = left.service(second);
    env.create(policy(ns, "p", first).serviceScope().log(DDL).settings(s -> {
      s.setLogRows(false);
      s.setLogCatalog(false);
    }).build());
    env.awaitReady(ns, "p");
    assertThat(left.serviceDiff(firstBefore, first)).containsOnlyKeys("log", "log_rows", "log_catalog");

    env.edit(ns, "p", p -> p.getSpec().getSettings().setLogRows(null));
    env.awaitReady(ns, "p");
    assertThat(left.serviceDiff(firstBefore, first)).containsOnlyKeys("log", "log_catalog");
    assertThat(env.pgaudit(first)).containsEntry("log_rows", true);

    env.edit(ns, "p", p -> p.getSpec().setService(new ServiceRef(OperatorTestEnv.PROJECT, second)));
    env.awaitReady(ns, "p");
    assertThat(left.serviceDiff(firstBefore, first)).isEmpty();
    assertThat(env.pgaudit(first)).containsEntry("feature_enabled", true);
    assertThat(left.serviceDiff(secondBefore, second)).containsOnlyKeys("feature_enabled", "log", "log_catalog");

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.serviceDiff(firstBefore, first)).isEmpty();
    assertThat(left.serviceDiff(secondBefore, second)).isEmpty();
  }

  @Test
  void aHandMadeIntegrationGetsItsSettingsBackWhenTheSinkIsRemovedAndStays() {
    String ns = env.namespace();
    String service = env.pgService();
    Map<String, Object> handmade = Map.of("elasticsearch_index_prefix", "handmade", "elasticsearch_index_days_max", 9);
    String id = env.aiven.addLogsIntegration(OperatorTestEnv.PROJECT, service, OperatorTestEnv.PROJECT,
        OperatorTestEnv.OPENSEARCH, handmade);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "audit", 3).build());
    env.awaitReady(ns, "p");
    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setIndexDaysMax(5));
    env.awaitReady(ns, "p");
    assertOnlyIntegration(service, id, Map.of("elasticsearch_index_prefix", "audit", "elasticsearch_index_days_max", 5));

    env.edit(ns, "p", p -> p.getSpec().setSink(null));
    env.awaitReady(ns, "p");
    assertOnlyIntegration(service, id, handmade);
    assertThat(env.get(ns, "p").getStatus().getIntegrationId()).isNull();

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertOnlyIntegration(service, id, handmade);
  }

  private static void assertOnlyIntegration(String service, String id, Map<String, Object> settings) {
    assertThat(left.integrations(service)).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id);
      assertThat(i.userConfig()).containsAllEntriesOf(settings);
    });
  }

  /** pgaudit.log stored on the role, and on the role in the database. */
  private static void assertLogs(String role, String database, String onRole, String onRoleInDatabase) {
    assertThat(left.sql(role(role), roleIn(role, database))).isEqualTo(Map.of(role(role), Map.of("pgaudit.log", onRole),
        roleIn(role, database), Map.of("pgaudit.log", onRoleInDatabase)));
  }
}
