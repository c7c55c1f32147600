package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.plan.Policies;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy is remembered in force at the generation of its last Ready=True Reconciled status, by uid, and only then. */
class InForceTest {
  private final InForce inForce = new InForce();

  private static PgAuditPolicy policy(String name, long generation) {
    PgAuditPolicy p = Policies.service(name, "2026-01-01T00:00:00Z", DDL);
    p.getMetadata().setGeneration(generation);
    return p;
  }

  private static PgAuditPolicyStatus ready(long generation, String status, String reason) {
    PgAuditPolicyStatus s = new PgAuditPolicyStatus();
    s.setObservedGeneration(generation);
    s.setConditions(List.of(new ConditionBuilder().withType(Conditions.SERVICE_CONFIGURED).withStatus("True")
            .withReason(Conditions.Reason.RECONCILED).build(),
        new ConditionBuilder().withType(Conditions.READY).withStatus(status).withReason(reason).build()));
    return s;
  }

  @Test
  void inForceAtTheGenerationReportedAndAtNoOther() {
    assertThat(inForce.atGeneration(policy("p", 1))).as("nothing reported yet").isFalse();

    inForce.reported(policy("p", 1), ready(1, "True", Conditions.Reason.RECONCILED));

    assertThat(inForce.atGeneration(policy("p", 1))).isTrue();
    assertThat(inForce.atGeneration(policy("p", 2))).as("an edit since").isFalse();
    assertThat(inForce.atGeneration(policy("q", 1))).as("another uid").isFalse();
  }

  @Test
  void aStatusThatIsNotReadyReconciledForgetsIt() {
    PgAuditPolicy p = policy("p", 1);
    for (PgAuditPolicyStatus notInForce : List.of(ready(1, "True", Conditions.Reason.DRY_RUN),
        ready(1, "False", Conditions.Reason.AIVEN_API_ERROR), ready(1, "Unknown", Conditions.Reason.SINK_STARTING),
        new PgAuditPolicyStatus())) {
      inForce.reported(p, ready(1, "True", Conditions.Reason.RECONCILED));
      inForce.reported(p, notInForce);
      assertThat(inForce.atGeneration(p)).as(notInForce.toString()).isFalse();
    }
    assertThat(inForce.size()).isZero();
  }

  @Test
  void aNewerGenerationInForceReplacesTheOlderAndForgetRemovesIt() {
    inForce.reported(policy("p", 1), ready(1, "True", Conditions.Reason.RECONCILED));
    inForce.reported(policy("p", 2), ready(2, "True", Conditions.Reason.RECONCILED));
    assertThat(inForce.atGeneration(policy("p", 1))).isFalse();
    assertThat(inForce.atGeneration(policy("p", 2))).isTrue();
    assertThat(inForce.size()).isEqualTo(1);

    inForce.forget(policy("p", 2)); // cleanup, or a failed reconcile
    assertThat(inForce.atGeneration(policy("p", 2))).isFalse();
    assertThat(inForce.size()).isZero();
  }

  @Test
  void aPolicyWithoutUidIsNeverRemembered() {
    PgAuditPolicy p = policy("p", 1);
    p.getMetadata().setUid(null);
    inForce.reported(p, ready(1, "True", Conditions.Reason.RECONCILED));
    assertThat(inForce.atGeneration(p)).isFalse();
    assertThat(inForce.size()).isZero();
  }

  @Test
  void boundedTheLeastRecentlyUsedGoesFirst() {
    InForce small = new InForce(3);
    PgAuditPolicyStatus reconciled = ready(1, "True", Conditions.Reason.RECONCILED);
    for (String name : List.of("a", "b", "c")) small.reported(policy(name, 1), reconciled);
    assertThat(small.atGeneration(policy("a", 1))).isTrue(); // read: now the most recently used

    small.reported(policy("d", 1), reconciled);

    assertThat(small.size()).isEqualTo(3);
    assertThat(List.of("a", "b", "c", "d")).filteredOn(name -> small.atGeneration(policy(name, 1)))
        .containsExactly("a", "c", "d");
  }
}
