package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.testkit.rbac.ChartRbac;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Releases never take what a live policy holds: not in the lost-record fallback (release by the
 * current spec) for service keys and a shared integration, not for a conflict loser whose record
 * is unreadable, and a loser that is edited away from the contested target releases nothing there.
 */
class ReleaseSafetyTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static final Leftovers left = new Leftovers(env);

  /**
   * Makes one policy's entry in the service's applied record unreadable (it names the policy, its
   * parts are garbage), with the operator stopped.
   */
  private static void corruptRecordOf(String service, String policyKey) {
    env.stopOperator();
    String name = RecordCodec.configMapName(new ServiceKey(OperatorTestEnv.PROJECT, service));
    ConfigMap map = env.client.configMaps().inNamespace(ChartRbac.NAMESPACE).withName(name).get();
    map.getData().put(RecordCodec.policyKey(policyKey), "{\"policy\":\"" + policyKey + "\",\"parts\":\"garbage\"}");
    env.client.configMaps().inNamespace(ChartRbac.NAMESPACE).resource(map).update();
    env.startOperator();
  }

  @Test
  void theLostRecordFallbackLeavesServiceKeysAndTheIntegrationALivePolicyHolds() {
    String ns = env.namespace();
    String service = env.pgService();
    Map<String, Object> before = left.service(service);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).settings(s -> s.setLogCatalog(false))
        .sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "p");
    env.create(policy(ns, "q", service).serviceScope().log(DDL).settings(s -> s.setLogCatalog(false))
        .sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "q");
    String integration = left.integrations(service).get(0).id();
    corruptRecordOf(service, ns + "/p");

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.events(ns, "p")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Conditions.EventReason.RECORD_LOST));
    assertThat(left.serviceDiff(before, service)).containsOnlyKeys("feature_enabled", "log", "log_catalog");
    assertThat(left.integrations(service)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(integration));
    env.awaitReady(ns, "q");

    env.delete(ns, "q");
    env.awaitGone(ns, "q");
    assertThat(left.serviceDiff(before, service)).isEmpty();
    assertThat(left.integrations(service)).isEmpty();
  }

  @Test
  void aConflictLoserWithAnUnreadableRecordReleasesNothingTheWinnerHolds() {
    String ns = env.namespace();
    String service = env.pgService();
    String shared = env.database("shared");
    // creationTimestamp has one-second resolution: names that sort like their age keep "older" older
    env.create(policy(ns, "a-winner", service).databases(shared).log(READ).build());
    env.awaitReady(ns, "a-winner");
    env.create(policy(ns, "b-loser", service).databases(shared).log(DDL).build());
    env.awaitCondition(ns, "b-loser", Conditions.READY, "False", Conditions.Reason.CONFLICT);
    corruptRecordOf(service, ns + "/b-loser");

    env.delete(ns, "b-loser");
    env.awaitGone(ns, "b-loser");
    assertThat(env.events(ns, "b-loser")).anySatisfy(e -> assertThat(e.getMessage())
        .isEqualTo("the policy lost a conflict and wrote nothing; nothing to undo"));
    assertThat(left.sql(db(shared)).get(db(shared))).isEqualTo(Map.of("pgaudit.log", "read"));
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true);

    env.delete(ns, "a-winner");
    env.awaitGone(ns, "a-winner");
    assertThat(left.sqlCount(db(shared))).isZero();
    // the loser's unreadable entry went with it: nothing is left to outlive the service's last policy
    assertThat(env.client.configMaps().inNamespace(ChartRbac.NAMESPACE)
        .withName(RecordCodec.configMapName(new ServiceKey(OperatorTestEnv.PROJECT, service))).get()).isNull();
  }

  @Test
  void aLoserEditedAwayFromTheContestedDatabaseReleasesNothingThere() {
    String ns = env.namespace();
    String service = env.pgService();
    String shared = env.database("shared");
    String own = env.database("own");
    env.create(policy(ns, "a-winner", service).databases(shared).log(READ).build());
    env.awaitReady(ns, "a-winner");
    env.create(policy(ns, "b-loser", service).databases(shared).log(DDL).build());
    env.awaitCondition(ns, "b-loser", Conditions.READY, "False", Conditions.Reason.CONFLICT);

    env.edit(ns, "b-loser", p -> p.getSpec().getScope().setDatabases(List.of(own)));
    env.awaitReady(ns, "b-loser");
    assertThat(left.sql(db(shared), db(own))).isEqualTo(Map.of(db(shared), Map.of("pgaudit.log", "read"),
        db(own), Map.of("pgaudit.log", "ddl")));
    assertThat(env.events(ns, "b-loser")).noneMatch(e -> Conditions.EventReason.RELEASED.equals(e.getReason()));

    env.delete(ns, "b-loser");
    env.awaitGone(ns, "b-loser");
    assertThat(left.sql(db(shared), db(own))).isEqualTo(Map.of(db(shared), Map.of("pgaudit.log", "read")));
    env.delete(ns, "a-winner");
    env.awaitGone(ns, "a-winner");
    assertThat(left.sqlCount(db(shared), db(own))).isZero();
  }
}
