package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Orphan vs Delete, deletions that cannot clean up, and an operator restarted half-way. */
class DeletionAndRestartTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

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

  /**
   * Everything a policy writes lives on its service: the settings, its databases and roles, the
   * integration from it. Once Aiven says the service is gone, nothing can be left to undo.
   */
  @Test
  void deletingAPolicyWhoseServiceIsGoneCompletesOnTheFirstAttemptWithOneEvent() {
    String ns = env.namespace();
    String service = env.pgService();
    String db = env.database("gone");
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.create(policy(ns, "sql", service).databases(db).log(READ).build());
    env.awaitReady(ns, "svc");
    env.awaitReady(ns, "sql");
    env.aiven.removeService(OperatorTestEnv.PROJECT, service);
    int mark = env.aiven.requests().total();

    env.delete(ns, "svc");
    env.delete(ns, "sql");
    env.awaitGone(ns, "svc");
    env.awaitGone(ns, "sql");
    for (String name : List.of("svc", "sql")) {
      // Events of its life (Applied; NotEffective where the shared test cluster shadows a pair) aside:
      assertThat(env.events(ns, name).stream().filter(e -> !e.getReason().equals(Conditions.EventReason.APPLIED)
          && !e.getReason().equals(Conditions.EventReason.NOT_EFFECTIVE)))
          .singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(Conditions.EventReason.CLEANED_UP);
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).startsWith("nothing to undo: ").contains(service)
                .endsWith("; what the policy set there is gone with it");
          });
    }
    var since = env.aiven.requests().entries().subList(mark, env.aiven.requests().total());
    assertThat(since).as("project reads without the service, nothing written or retried").isNotEmpty().allSatisfy(e -> {
      assertThat(e.method()).isEqualTo("GET");
      assertThat(e.pathTemplate()).isEqualTo(AivenSimulator.SERVICES_PATH);
      assertThat(e.status()).isEqualTo(200);
    });
  }

  @Test
  void deletingAPolicyWhoseProjectDoesNotExistCompletesAtOnce() {
    String ns = env.namespace();
    PgAuditPolicy p = policy(ns, "p", "pg-anywhere").serviceScope().log(DDL).build();
    p.getSpec().setService(new ServiceRef("no-such-project", "pg-anywhere"));
    env.create(p);
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SERVICE_NOT_FOUND);

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.events(ns, "p")).singleElement().satisfies(e -> {
      assertThat(e.getReason()).isEqualTo(Conditions.EventReason.CLEANED_UP);
      // It never wrote anything (its applied record is empty): done at once, nothing to ask Aiven.
      assertThat(e.getMessage()).isEqualTo("the policy wrote nothing; nothing to undo");
    });
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
    assertThat(env.events(ns, "p0")).noneMatch(e -> Conditions.EventReason.DRIFT_CORRECTED.equals(e.getReason()));
  }
}
