package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ServiceInfo;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a reconcile found and did, everything the status needs: the state of each applicable
 * layer (absent = not applicable), a conflict message, the DryRun plan (Plan.NONE otherwise), when
 * to look again, the effective coverage and the sessions still running with older settings (null
 * when not computed). Built through the named factories below, one per way a reconcile ends.
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

  /**
   * Refused before anything was looked at (an invalid spec, the tenancy rule set): Ready=False with
   * this reason; nothing is known about the service.
   */
  static Outcome refused(String reason, String message) {
    return new Outcome(Map.of(Layer.SERVICE, LayerState.failed(reason, message)), null, false, Plan.NONE, null, null,
        null, null, null);
  }

  /**
   * Stopped before anything was looked at (a release elsewhere that failed, a failed cleanup): one layer says why; the service is as the last status reported it.
   */
  static Outcome stopped(PgAuditPolicy policy, Layer layer, LayerState state, Duration retryAfter) {
    return new Outcome(Map.of(layer, state), null, false, Plan.NONE, lastService(policy), null, retryAfter, null, null);
  }

  /** Lost a conflict: it writes nothing and waits for the winner to change or go. */
  static Outcome lostConflict(PgAuditPolicy policy, Map<Layer, LayerState> layers, String conflict) {
    return new Outcome(layers, conflict, false, Plan.NONE, lastService(policy), null, null, null, null);
  }

  /** A failure that stopped the run before it could plan; the other layers were not checked. */
  static Outcome failedEarly(PgAuditPolicy policy, Map<Layer, LayerState> layers, boolean dryRun, Duration retryAfter) {
    String integrationId = policy.getStatus() == null ? null : policy.getStatus().getIntegrationId();
    return new Outcome(layers, null, dryRun, Plan.NONE, lastService(policy), integrationId, retryAfter, null, null);
  }

  /** A DryRun that looked: the plan Enforce would make. */
  static Outcome dryRun(Map<Layer, LayerState> layers, String conflict, Plan plan, ServiceInfo service,
      String integrationId, Duration retryAfter) {
    return new Outcome(layers, conflict, true, plan, service, integrationId, retryAfter, null, null);
  }

  /** An Enforce run that planned and wrote; coverage is null unless every write landed. */
  static Outcome enforced(Map<Layer, LayerState> layers, ServiceInfo service, String integrationId, Duration retryAfter,
      CoverageReport coverage, OldSessions oldSessions) {
    return new Outcome(layers, null, false, Plan.NONE, service, integrationId, retryAfter, coverage, oldSessions);
  }

  /** This outcome with one more layer's state, looked at again at the sooner of both delays. */
  Outcome withLayer(Layer layer, LayerState state, Duration retry) {
    Map<Layer, LayerState> more = new EnumMap<>(Layer.class);
    more.putAll(layers);
    more.put(layer, state);
    return new Outcome(more, conflict, dryRun, plan, service, integrationId, sooner(retryAfter, retry), coverage,
        oldSessions);
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

  static Duration sooner(Duration a, Duration b) {
    if (a == null) return b;
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static ServiceInfo lastService(PgAuditPolicy policy) {
    return policy.getStatus() == null ? null : policy.getStatus().getService();
  }
}
