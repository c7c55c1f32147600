package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.PolicyIntent;

/** How one layer ended a reconcile: the condition's status ("True", "False", "Unknown"), reason and message. */
record LayerState(String status, String reason, String message) {
  static LayerState ok(String message) { return new LayerState("True", Conditions.Reason.RECONCILED, message); }
  static LayerState notApplicable(String message) { return new LayerState("True", Conditions.Reason.NOT_APPLICABLE, message); }
  static LayerState failed(String reason, String message) { return new LayerState("False", reason, message); }
  static LayerState unknown(String message) { return new LayerState("Unknown", Conditions.Reason.WAITING, message); }

  /** A DryRun's verdict on one layer: what Enforce would change there. */
  static LayerState dryRun(Layer layer, Plan plan) {
    long pending = plan.changes().stream().filter(c -> c.layer() == layer).mapToLong(c -> c.lines().size()).sum();
    return pending == 0
        ? new LayerState("True", Conditions.Reason.DRY_RUN, "matches the policy")
        : new LayerState("False", Conditions.Reason.DRY_RUN, pending + " pending change(s), not applied in DryRun mode");
  }

  /**
   * What a layer in place says. Stable across reconciles (what was written goes into events), so an
   * unchanged state writes no status.
   */
  static String inPlace(Layer layer, PolicyIntent intent) {
    long managed = intent.wants().keySet().stream().filter(s -> Layer.of(s) == layer).count();
    return switch (layer) {
      case SERVICE -> "pgaudit is enabled on service " + intent.service()
          + (managed > 0 ? " with " + managed + " service setting(s)" : "");
      case SQL -> managed + " database/role setting(s) match the policy";
      case SINK -> "the logs integration matches the policy";
      case DASHBOARDS -> "the Dashboards objects are set up";
    };
  }

  LayerState withStatus(String newStatus) { return new LayerState(newStatus, reason, message); }

  boolean isOk() { return "True".equals(status); }
}
