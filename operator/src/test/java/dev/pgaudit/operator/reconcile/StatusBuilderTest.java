package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ready of a DryRun policy: a verdict when it could look, the failure when it could not. */
class StatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static PgAuditPolicy policy() {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("dry").withGeneration(3L).build());
    p.setSpec(new PgAuditPolicySpec());
    return p;
  }

  private static Condition ready(Outcome outcome) {
    return StatusBuilder.build(policy(), outcome, NOW).getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void aDryRunThatCouldNotLookIsNotReady() {
    Outcome cannotRead = Outcome.dryRun(Map.of(
        Layer.SERVICE, LayerState.failed(Conditions.Reason.INVALID_TOKEN, "the Aiven token in secret ns/t is invalid"),
        Layer.SQL, LayerState.unknown("not checked: the Aiven token in secret ns/t is invalid")),
        null, Plan.NONE, null, null, null);

    Condition ready = ready(cannotRead);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Conditions.Reason.INVALID_TOKEN);
    assertThat(ready.getMessage()).as("the failure, not a verdict").isEqualTo("the Aiven token in secret ns/t is invalid");
  }

  @Test
  void aDryRunWithPendingChangesIsReadyWithItsVerdict() {
    Outcome pending = Outcome.dryRun(Map.of(
        Layer.SERVICE, new LayerState("True", Conditions.Reason.DRY_RUN, "matches the policy"),
        Layer.SQL, new LayerState("False", Conditions.Reason.DRY_RUN, "1 pending change(s), not applied in DryRun mode")),
        null, new Plan(List.of(new Change.SqlSettings(new SqlTarget.Database("orders"),
            Map.of(PgAuditSetting.LOG, "read"), Set.of(), Map.of()))),
        null, null, null);

    Condition ready = ready(pending);
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo(Conditions.Reason.DRY_RUN);
    assertThat(ready.getMessage()).isEqualTo("DryRun: Enforce would make 1 change (see status.plan); nothing was written");
    var status = StatusBuilder.build(policy(), pending, NOW);
    assertThat(status.getPlan()).containsExactly(new PlannedChange("database \"orders\"", "pgaudit.log", "(unset)", "read"));
    assertThat(status.getPlanSummary().getChanges()).isEqualTo(1);
    assertThat(status.getPlanSummary().getTruncated()).isFalse();
    assertThat(status.getPlanSummary().getByLayer()).containsExactly(
        Map.entry("service", 0), Map.entry("sql", 1), Map.entry("sink", 0));
    assertThat(status.getPlanSummary().getDigest()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void anEnforceStatusHasNoPlan() {
    Outcome applied = Outcome.enforced(Map.of(Layer.SERVICE, LayerState.ok("pgaudit is enabled")), null, null, null,
        null, null);
    var status = StatusBuilder.build(policy(), applied, NOW);
    assertThat(status.getPlan()).isNull();
    assertThat(status.getPlanSummary()).isNull();
  }

  @Test
  void aLongMessageIsCutAndSaysHowMuchWasLeftOut() {
    String longMessage = "x".repeat(StatusBuilder.MAX_MESSAGE + 10);
    Outcome failed = Outcome.enforced(Map.of(Layer.SERVICE, LayerState.failed(Conditions.Reason.AIVEN_API_ERROR,
        longMessage)), null, null, null, null, null);
    assertThat(ready(failed).getMessage()).isEqualTo("x".repeat(StatusBuilder.MAX_MESSAGE) + "… (10 more characters)");
    assertThat(StatusBuilder.cut("short")).isEqualTo("short");
  }
}
