package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.api.ServiceInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a reconcile found and did, everything the status needs: the state of each applicable
 * layer (absent = not applicable), a conflict message, the DryRun plan, and when to look again.
 */
record Outcome(
    Map<Layer, LayerState> layers,
    String conflict,
    boolean dryRun,
    List<PlannedChange> plan,
    ServiceInfo service,
    String integrationId,
    Duration retryAfter) {

  /** The first layer that is not OK, in layer order, or null. */
  LayerState firstProblem() {
    for (Layer layer : Layer.values()) {
      LayerState state = layers.get(layer);
      if (state != null && !state.isOk()) return state;
    }
    return null;
  }
}
