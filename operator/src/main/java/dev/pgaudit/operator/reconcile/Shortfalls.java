package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.Map;
import java.util.Set;

/**
 * What of a policy is not in force although its reconcile went through, told in its conditions:
 * targets the pre-flight stopped while the others were written, and an object-audit role that
 * does not exist.
 */
final class Shortfalls {
  private Shortfalls() {}

  /**
   * How much of the SQL side is in force although some targets were stopped: the other targets
   * were written (or already matched). Stable across reconciles, so an unchanged state writes no status.
   */
  static String partly(PolicyIntent intent, Applier.Result result) {
    Set<SqlTarget> unwritten = result.unwritten();
    String held = result.releasesHeld() ? " What the policy no longer targets is released once these are written." : "";
    if (unwritten.isEmpty()) return held;
    long targets = intent.wants().keySet().stream()
        .filter(s -> s instanceof Slot.Sql).map(s -> ((Slot.Sql) s).sqlTarget()).distinct().count();
    long inForce = targets - unwritten.size();
    return " Not written: " + unwritten.size() + " of " + targets + " target(s)"
        + (inForce > 0 ? "; the other " + inForce + " match the policy." : ".") + held;
  }

  /**
   * Object auditing is not claimed while the role pgaudit.role names does not exist: the layer
   * holding that setting says so unless it already reports a failure of its own. The value is
   * written all the same, so auditing starts once the role is created. True when a role is missing.
   */
  static boolean noteMissingAuditRoles(PolicyIntent intent, Set<String> missing, Map<Layer, LayerState> layers) {
    if (missing.isEmpty()) return false;
    intent.wants().forEach((slot, value) -> {
      if (!Observer.isAuditRole(slot) || value == null || !missing.contains(value.toString())) return;
      Layer layer = Layer.of(slot);
      LayerState now = layers.get(layer);
      if (now != null && "False".equals(now.status()) && !Conditions.Reason.DRY_RUN.equals(now.reason())) return;
      layers.put(layer, LayerState.failed(Conditions.Reason.AUDIT_ROLE_NOT_FOUND, "settings.role names "
          + SqlQuoting.quoted(value.toString()) + ", which is not a role on service " + intent.service()
          + ": pgaudit's object auditing is off until that role exists"));
    });
    return true;
  }
}
