package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import dev.pgaudit.testkit.rbac.ChartRbac;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The applied record across restarts: a release cut short finishes after the restart, and a lost
 * or unreadable record falls back to undoing by the current spec, told in an event and the
 * condition, never resetting what a live policy holds.
 */
class RecordRecoveryTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static final Leftovers left = new Leftovers(env);

  private static String recordName(String service) {
    return RecordCodec.configMapName(new ServiceKey(OperatorTestEnv.PROJECT, service));
  }

  private static ConfigMap record(String service) {
    return env.client.configMaps().inNamespace(ChartRbac.NAMESPACE).withName(recordName(service)).get();
  }

  @Test
  void aReleaseCutShortByARestartFinishesAfterIt() {
    String ns = env.namespace();
    String service = env.pgService();
    String a = env.database("a");
    String b = env.database("b");
    env.create(policy(ns, "p", service).databases(a, b).log(READ).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "p");
    assertThat(record(service).getData()).containsKeys("service", "priors", RecordCodec.policyKey(ns + "/p"));

    env.aiven.faults().inject(1000, Fault.status(503), "DELETE", AivenSimulator.INTEGRATION_PATH);
    env.edit(ns, "p", p -> {
      p.getSpec().getScope().setDatabases(List.of(a));
      p.getSpec().setSink(null);
    });
    // the SQL half of the release is done, the integration's delete keeps failing, and that shows
    env.awaitCondition(ns, "p", Conditions.SINK_INTEGRATED, "False", Conditions.Reason.AIVEN_API_ERROR);
    assertThat(env.condition(ns, "p", Conditions.READY).orElseThrow().getStatus()).isEqualTo("False");
    assertThat(left.sqlCount(db(b))).isZero();
    env.stopOperator();
    env.aiven.faults().clear();
    assertThat(left.integrations(service)).hasSize(1);
    env.startOperator();

    env.awaitReady(ns, "p");
    assertThat(left.integrations(service)).isEmpty();
    assertThat(record(service).getData().get(RecordCodec.policyKey(ns + "/p"))).doesNotContain("sinkService");
    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(db(a), db(b))).isZero();
    assertThat(record(service)).isNull();
  }

  @Test
  void aLostRecordIsReportedAndNothingIsReleasedByGuess() {
    String ns = env.namespace();
    String service = env.pgService();
    String a = env.database("a");
    String b = env.database("b");
    env.create(policy(ns, "p", service).databases(a, b).log(READ).build());
    env.awaitReady(ns, "p");
    env.stopOperator();
    env.client.configMaps().inNamespace(ChartRbac.NAMESPACE).withName(recordName(service)).delete();
    env.edit(ns, "p", p -> p.getSpec().getScope().setDatabases(List.of(a)));
    env.startOperator();

    // the first reconcile after the restart notices, says so, and records the current spec from now on
    await().atMost(Duration.ofSeconds(60)).until(() -> env.condition(ns, "p", Conditions.SERVICE_CONFIGURED)
        .filter(c -> c.getObservedGeneration().equals(env.get(ns, "p").getMetadata().getGeneration()))
        .map(c -> c.getMessage().endsWith(AppliedHistory.LOST_NOTE)).orElse(false));
    assertThat(env.events(ns, "p")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo(Conditions.EventReason.RECORD_LOST);
    });
    // what the lost record held cannot be known: b keeps its setting (the fallback's known limit)
    assertThat(left.sql(db(a), db(b))).containsOnlyKeys(db(a), db(b));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sql(db(a), db(b))).containsOnlyKeys(db(b));
  }

  @Test
  void anUnreadableRecordFallsBackToTheCurrentSpecAndSparesWhatALivePolicyHolds() {
    String ns = env.namespace();
    String service = env.pgService();
    String a = env.database("a");
    env.create(policy(ns, "p", service).databases(a).log(READ).build());
    env.awaitReady(ns, "p");
    env.create(policy(ns, "q", service).databases(a).log(READ).build());
    env.awaitReady(ns, "q");
    env.stopOperator();
    ConfigMap map = record(service);
    map.getData().put(RecordCodec.policyKey(ns + "/p"), "{not json");
    env.client.configMaps().inNamespace(ChartRbac.NAMESPACE).resource(map).update();
    env.startOperator();

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.events(ns, "p")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Conditions.EventReason.RECORD_LOST));
    assertThat(left.sql(db(a)).get(db(a))).isEqualTo(Map.of("pgaudit.log", "read"));
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", true);

    env.delete(ns, "q");
    env.awaitGone(ns, "q");
    assertThat(left.sqlCount(db(a))).isZero();
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", false);
    assertThat(record(service)).isNull();
  }
}
