package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Slot;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Whether logs really flow to the sink (reference §7.4): Aiven answering 200 to a POST is not
 * enough, an integration starts inactive and may fail; and its destination must exist and run.
 */
final class SinkState {
  /** How soon to look again while an integration is starting: a passing state of seconds. */
  static final Duration STARTING_RETRY = Duration.ofSeconds(5);

  private SinkState() {}

  /** A sink layer state that is not in force, and when to look again. */
  record Problem(LayerState state, Duration retryAfter) {}

  /**
   * The destination OpenSearch service, checked before an integration to it is created (then
   * nothing is posted) and while an existing one is inactive: a missing or non-operational one
   * gets its own reason. Empty when it runs; other read failures are failures of the sink layer.
   */
  static Optional<ReconcileFailure> destinationProblem(AivenClient aiven, Slot.LogsIntegration slot, RetryDelays delays,
      boolean integrationExists) {
    String dest = slot.destProject() + "/" + slot.destService();
    AivenService service;
    try {
      service = aiven.getService(slot.destProject(), slot.destService());
    } catch (AivenApiException e) {
      if (!e.isNotFound()) return Optional.of(ReconcileFailure.fromAiven(Layer.SINK, e, "reading sink destination " + dest, delays));
      return Optional.of(new ReconcileFailure(Layer.SINK, Conditions.Reason.SINK_DESTINATION_NOT_FOUND,
          "the sink's OpenSearch service " + dest + " does not exist"
              + (integrationExists ? "; no audit logs reach it" : "; no integration was created"), delays.slow()));
    }
    if (service.isOperational()) return Optional.empty();
    return Optional.of(new ReconcileFailure(Layer.SINK, Conditions.Reason.SINK_DESTINATION_NOT_RUNNING,
        "the sink's OpenSearch service " + dest + " is " + (service.state() == null ? "in no known state" : service.state())
            + (integrationExists ? "; the integration waits, inactive, until it runs"
                : "; no integration is created until it is RUNNING"), delays.fast()));
  }

  /**
   * Empty when every integration the policy wants is flowing; otherwise the first that is not,
   * as a state: failed (Aiven's errors and likely cause), its destination gone or not running
   * (an integration waits inactive for it), or starting (re-checked within seconds).
   */
  static Optional<Problem> of(Iterable<Slot.LogsIntegration> slots, Observed observed, AivenClient aiven,
      Set<Slot.LogsIntegration> justCreated, RetryDelays delays) {
    for (Slot.LogsIntegration slot : slots) {
      Optional<ServiceIntegration> found = observed.integration(slot);
      if (found.isEmpty() || found.get().flowing()) continue;
      ServiceIntegration i = found.get();
      String what = "the logs integration to " + slot.destProject() + "/" + slot.destService();
      if (i.failed()) {
        return Optional.of(new Problem(LayerState.failed(Conditions.Reason.SINK_FAILED, what + " has failed"
            + (i.problem() == null ? "" : ": " + i.problem()) + "; audit logs do not reach OpenSearch"), delays.slow()));
      }
      // Just created: its destination was checked a moment ago, before the POST.
      Optional<ReconcileFailure> destination = justCreated.contains(slot) ? Optional.empty()
          : destinationProblem(aiven, slot, delays, true)
          // unreadable (API error, no access): nothing is known against "starting"
          .filter(f -> f.reason.equals(Conditions.Reason.SINK_DESTINATION_NOT_FOUND)
              || f.reason.equals(Conditions.Reason.SINK_DESTINATION_NOT_RUNNING));
      if (destination.isPresent()) {
        ReconcileFailure f = destination.get();
        return Optional.of(new Problem(LayerState.failed(f.reason, f.getMessage()), f.retryAfter));
      }
      Duration retry = delays.fast().compareTo(STARTING_RETRY) <= 0 ? delays.fast() : STARTING_RETRY;
      return Optional.of(new Problem(LayerState.failed(Conditions.Reason.SINK_STARTING, what + " is not active yet"
          + " (status " + (i.status() == null ? "unknown" : i.status()) + "); checked again within seconds"), retry));
    }
    return Optional.empty();
  }
}
