package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.sandbox.aiven.AivenSimulator;
import dev.pgaudit.sandbox.aiven.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Orphan vs Delete, deletions that cannot clean up, and an operator restarted half-way. */
class DeletionAndRestartTest {
  static OperatorTestEnv env;

  @BeforeAll
  static void start() {
    env = OperatorTestEnv.start(Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void orphanLeavesEverythingDeleteUndoesIt() {
    String ns = env.namespace();
    String service = env.pgService();
    String kept = env.database("kept");
    String undone = env.database("undone");
    env.create(policy(ns, "orphan", service).databases(kept).log(READ).orphan().build());
    env.create(policy(ns, "delete", service).databases(undone).log(READ).build());
    env.awaitReady(ns, "orphan");
    env.awaitReady(ns, "delete");
    assertThat(env.get(ns, "orphan").getMetadata().getFinalizers()).contains(PgAuditPolicyReconciler.FINALIZER);

    env.delete(ns, "orphan");
    env.awaitGone(ns, "orphan");
    env.delete(ns, "delete");
    env.awaitGone(ns, "delete");
    assertThat(env.stored(kept, null)).isEqualTo(Map.of("pgaudit.log", "read"));
    assertThat(env.stored(undone, null)).isEmpty();
    // the orphaned policy is gone, so no live policy targets the service: the flag goes off
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).extracting("pgaudit")
        .extracting("feature_enabled").isEqualTo(false);
  }

  @Test
  void deletingAPolicyWhoseServiceIsGoneDoesNotHangForever() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "p", service).serviceScope().log(DDL).build());
    env.awaitReady(ns, "p");
    env.aiven.removeService(OperatorTestEnv.PROJECT, service);

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.events(ns, "p")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo(Conditions.Event.CLEANUP_ABANDONED);
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("ServiceNotFound");
    });
    long attempts = env.aiven.requests().entries().stream()
        .filter(e -> e.path().contains(service) && e.status() == 404).count();
    assertThat(attempts).isBetween(3L, 10L);
  }

  @Test
  void aRestartAfterAnUnansweredCreateLeavesOneIntegration() {
    String ns = env.namespace();
    String service = env.pgService();
    // The create lands, but the operator is told it failed; then the operator goes away.
    env.aiven.faults().inject(1, Fault.failAfterProcessing(502), "POST", AivenSimulator.INTEGRATIONS_PATH);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    await().until(() -> env.aiven.requests().count("POST", AivenSimulator.INTEGRATIONS_PATH) >= 1);
    env.stopOperator();
    env.startOperator();

    env.awaitReady(ns, "p");
    assertThat(env.aiven.integrations(OperatorTestEnv.PROJECT).stream()
        .filter(i -> service.equals(i.sourceService()))).hasSize(1);
  }

  @Test
  void policiesDeletedTogetherLeaveNothingBehind() {
    String ns = env.namespace();
    String service = env.pgService();
    List<String> dbs = List.of(env.database("a"), env.database("b"), env.database("c"), env.database("d"));
    for (int i = 0; i < dbs.size(); i++) env.create(policy(ns, "p" + i, service).databases(dbs.get(i)).log(READ).build());
    for (int i = 0; i < dbs.size(); i++) env.awaitReady(ns, "p" + i);

    for (int i = 0; i < dbs.size(); i++) env.delete(ns, "p" + i);
    for (int i = 0; i < dbs.size(); i++) env.awaitGone(ns, "p" + i);
    // a reconcile that was waiting for the service while its policy was deleted must not write
    assertThat(env.pgaudit(service)).containsEntry("feature_enabled", false);
    assertThat(dbs).allSatisfy(db -> assertThat(env.stored(db, null)).isEmpty());
    assertThat(env.events(ns, "p0")).noneMatch(e -> Conditions.Event.DRIFT_CORRECTED.equals(e.getReason()));
  }
}
