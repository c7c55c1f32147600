package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What was there before the operator came survives a policy's whole life: a DBA's ALTER DATABASE
 * SET, audit logging enabled in the Aiven Console, an integration made by hand. And conflicts
 * still hold: a release never touches what the winner holds, a loser releases nothing.
 */
class PriorValuesTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static final Leftovers left = new Leftovers(env);

  @Test
  void aDbasDatabaseSettingComesBackWhenThePolicyGoes() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.sqlAsAvnadmin("ALTER DATABASE " + OperatorTestEnv.quote(orders) + " SET pgaudit.log = 'ddl'",
        "ALTER DATABASE " + OperatorTestEnv.quote(orders) + " SET pgaudit.log_relation = 'on'");
    env.create(policy(ns, "p", service).databases(orders).log(READ).settings(s -> s.setLogCatalog(false)).build());
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(orders)).get(db(orders)))
        .isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_catalog", "off", "pgaudit.log_relation", "on"));

    env.edit(ns, "p", p -> p.getSpec().setSettings(null));
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(orders)).get(db(orders))).isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_relation", "on"));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sql(db(orders)).get(db(orders))).isEqualTo(Map.of("pgaudit.log", "ddl", "pgaudit.log_relation", "on"));
  }

  @Test
  void auditLoggingEnabledInTheConsoleStaysOn() {
    String ns = env.namespace();
    String service = env.pgService();
    env.aiven.putUserConfigDirectly(OperatorTestEnv.PROJECT, service,
        Map.of("pgaudit", Map.of("feature_enabled", true, "log", List.of("read", "write"))));
    Map<String, Object> before = left.service(service);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).settings(s -> s.setLogCatalog(false)).build());
    env.awaitReady(ns, "p");
    assertThat(left.serviceDiff(before, service)).containsOnlyKeys("log", "log_catalog");

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.serviceDiff(before, service)).isEmpty();
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true);
  }

  @Test
  void keysAnotherPolicysPutCarriedAlongAreNotTakenForPriors() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    Map<String, Object> before = left.service(service);
    // Created together: whichever reconciles first turns the feature on, and that PUT carries the
    // Service-scope policy's keys along (same token) before that policy ever ran.
    env.create(policy(ns, "db", service).databases(orders).log(READ).build());
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).settings(s -> s.setLogCatalog(false)).build());
    env.awaitReady(ns, "db");
    env.awaitReady(ns, "svc");

    env.delete(ns, "db");
    env.delete(ns, "svc");
    env.awaitGone(ns, "db");
    env.awaitGone(ns, "svc");
    assertThat(left.serviceDiff(before, service)).isEmpty();
    assertThat(left.sqlCount(db(orders))).isZero();
  }

  @Test
  void aHandMadeIntegrationIsAdoptedAndLeftWithItsOwnSettings() {
    String ns = env.namespace();
    String service = env.pgService();
    String id = env.aiven.addLogsIntegration(OperatorTestEnv.PROJECT, service, OperatorTestEnv.PROJECT,
        OperatorTestEnv.OPENSEARCH, Map.of("elasticsearch_index_prefix", "handmade", "elasticsearch_index_days_max", 9));
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "audit", 3).build());
    env.awaitReady(ns, "p");
    assertThat(left.integrations(service)).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id);
      assertThat(i.userConfig()).containsEntry("elasticsearch_index_prefix", "audit");
    });

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.integrations(service)).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id);
      assertThat(i.userConfig()).containsEntry("elasticsearch_index_prefix", "handmade")
          .containsEntry("elasticsearch_index_days_max", 9);
    });
  }

  @Test
  void aReleaseLeavesWhatAnotherPolicyHoldsAndThePriorOutlivesTheHandOver() {
    String ns = env.namespace();
    String service = env.pgService();
    String shared = env.database("shared");
    String other = env.database("other");
    env.sqlAsAvnadmin("ALTER DATABASE " + OperatorTestEnv.quote(shared) + " SET pgaudit.log = 'write'");
    // creationTimestamp has one-second resolution: names that sort like their age keep "older" older
    env.create(policy(ns, "a-older", service).databases(shared).log(READ).build());
    env.awaitReady(ns, "a-older");
    env.create(policy(ns, "b-newer", service).databases(shared).log(DDL).build());
    env.awaitCondition(ns, "b-newer", Conditions.READY, "False", Conditions.Reason.CONFLICT);
    env.create(policy(ns, "c-loser", service).databases(shared).log(DDL).build());
    env.awaitCondition(ns, "c-loser", Conditions.READY, "False", Conditions.Reason.CONFLICT);

    // a loser wrote nothing and releases nothing
    env.delete(ns, "c-loser");
    env.awaitGone(ns, "c-loser");
    assertThat(left.sql(db(shared)).get(db(shared))).isEqualTo(Map.of("pgaudit.log", "read"));

    // the winner moves away: the newer policy takes the database over, nothing resets it in between
    env.edit(ns, "a-older", p -> p.getSpec().getScope().setDatabases(List.of(other)));
    env.awaitReady(ns, "a-older");
    env.awaitReady(ns, "b-newer");
    assertThat(left.sql(db(shared)).get(db(shared))).isEqualTo(Map.of("pgaudit.log", "ddl"));

    // the last holder goes: the DBA's value from before the operator came is back
    env.delete(ns, "b-newer");
    env.awaitGone(ns, "b-newer");
    assertThat(left.sql(db(shared)).get(db(shared))).isEqualTo(Map.of("pgaudit.log", "write"));
    env.delete(ns, "a-older");
    env.awaitGone(ns, "a-older");
    assertThat(left.sqlCount(db(other))).isZero();
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", false);
  }
}
