package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The logs integration, and several policies on one service: merging, sharing, conflicts. */
class SinkAndPoliciesTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  private static List<IntegrationSnapshot> integrationsOf(String service) {
    return env.aiven.integrations(OperatorTestEnv.PROJECT).stream()
        .filter(i -> service.equals(i.sourceService()) && "logs".equals(i.type())).toList();
  }

  @Test
  void aSinkIsCreatedUpdatedInPlaceSharedAndRemovedWhenUnused() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "a", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "audit", 7).build());
    env.awaitReady(ns, "a");
    assertThat(integrationsOf(service)).singleElement().satisfies(i -> {
      assertThat(i.destService()).isEqualTo(OperatorTestEnv.OPENSEARCH);
      assertThat(i.userConfig()).containsEntry("elasticsearch_index_prefix", "audit").containsEntry("elasticsearch_index_days_max", 7);
    });
    String id = integrationsOf(service).get(0).id();
    assertThat(env.get(ns, "a").getStatus().getIntegrationId()).isEqualTo(id);

    env.edit(ns, "a", p -> p.getSpec().getSink().getOpensearch().setIndexDaysMax(30));
    env.awaitReady(ns, "a");
    assertThat(integrationsOf(service)).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id);
      assertThat(i.userConfig()).containsEntry("elasticsearch_index_days_max", 30);
    });

    env.create(policy(ns, "b", service).databases(orders).log(READ).sink(OperatorTestEnv.OPENSEARCH, "audit", 30).build());
    env.awaitReady(ns, "b");
    assertThat(integrationsOf(service)).hasSize(1);
    assertThat(env.get(ns, "b").getStatus().getIntegrationId()).isEqualTo(id);

    env.delete(ns, "a");
    env.awaitGone(ns, "a");
    assertThat(integrationsOf(service)).hasSize(1);

    env.delete(ns, "b");
    env.awaitGone(ns, "b");
    assertThat(integrationsOf(service)).isEmpty();
  }

  @Test
  void policiesOnDifferentTargetsMerge() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String billing = env.database("billing");
    env.create(policy(ns, "orders", service).databases(orders).log(READ).build());
    env.create(policy(ns, "billing", service).databases(billing).log(WRITE).build());
    env.create(policy(ns, "service", service).serviceScope().log(DDL).build());
    env.awaitReady(ns, "orders");
    env.awaitReady(ns, "billing");
    env.awaitReady(ns, "service");
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));
    assertThat(env.stored(billing, null)).isEqualTo(Map.of("pgaudit.log", "write"));
  }

  @Test
  void theNewerOfTwoConflictingPoliciesWaitsAndTakesOverWhenTheWinnerGoes() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "winner", service).databases(orders).log(READ).build());
    env.awaitReady(ns, "winner");
    // creationTimestamp has one-second resolution and ties go by name ("loser" < "winner"): let a second pass
    var winnerCreated = java.time.Instant.parse(env.get(ns, "winner").getMetadata().getCreationTimestamp());
    await().until(() -> java.time.Instant.now().isAfter(winnerCreated.plusSeconds(1)));
    env.create(policy(ns, "loser", service).databases(orders).log(WRITE).settings(s -> s.setLogRows(true)).build());

    Condition ready = env.awaitCondition(ns, "loser", Conditions.READY, "False", Conditions.Reason.CONFLICT);
    assertThat(ready.getMessage()).contains(ns + "/winner").contains("pgaudit.log");
    assertThat(env.condition(ns, "loser", Conditions.CONFLICT)).get().extracting(Condition::getStatus).isEqualTo("True");
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));

    env.delete(ns, "winner");
    env.awaitGone(ns, "winner");
    env.awaitReady(ns, "loser");
    assertThat(env.condition(ns, "loser", Conditions.CONFLICT)).isEmpty();
    await().until(() -> env.stored(orders, null).equals(Map.of("pgaudit.log", "write", "pgaudit.log_rows", "on")));
  }
}
