package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.ServiceInfo;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.plan.Plan;
import java.time.Duration;
import java.util.Map;

/**
 * What a reconcile found and did, everything the status needs: the state of each applicable
 * layer (absent = not applicable), a conflict message, the DryRun plan (Plan.NONE otherwise), when
 * to look again, the effective coverage and the sessions still running with older settings (null
 * when not computed).
 */
record Outcome(
    Map<Layer, LayerState> layers,
    String conflict,
    boolean dryRun,
    Plan plan,
    ServiceInfo service,
    String integrationId,
    Duration retryAfter,
    CoverageReport coverage,
    OldSessions oldSessions) {

  /** Without a coverage report: the policy's own settings are not (known to be) in place. */
  Outcome(Map<Layer, LayerState> layers, String conflict, boolean dryRun, Plan plan, ServiceInfo service,
      String integrationId, Duration retryAfter) {
    this(layers, conflict, dryRun, plan, service, integrationId, retryAfter, null, null);
  }

  Outcome(Map<Layer, LayerState> layers, String conflict, boolean dryRun, Plan plan, ServiceInfo service,
      String integrationId, Duration retryAfter, CoverageReport coverage) {
    this(layers, conflict, dryRun, plan, service, integrationId, retryAfter, coverage, null);
  }

  /** The first failed layer in layer order, else the first one not yet known, or null. */
  LayerState firstProblem() {
    LayerState unknown = null;
    for (Layer layer : Layer.values()) {
      LayerState state = layers.get(layer);
      if (state == null || state.isOk()) continue;
      if ("False".equals(state.status())) return state;
      if (unknown == null) unknown = state;
    }
    return unknown;
  }

  /** The first layer that failed, in layer order; a DryRun's pending changes are not failures. */
  LayerState firstFailure() {
    for (Layer layer : Layer.values()) {
      LayerState state = layers.get(layer);
      if (state != null && "False".equals(state.status()) && !Conditions.Reason.DRY_RUN.equals(state.reason())) {
        return state;
      }
    }
    return null;
  }
}
