package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Slot;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Whether logs really flow to the sink (reference §7.4): Aiven answering 200 to a POST is not
 * enough, an integration starts inactive and may fail; and its destination must exist and run
 * ({@link SinkDestinations}).
 */
final class SinkState {
  /** How soon to look again while an integration is starting: a passing state of seconds. */
  static final Duration STARTING_RETRY = Duration.ofSeconds(2);

  private SinkState() {}

  /** A sink layer state that is not in force, and when to look again. */
  record Problem(LayerState state, Duration retryAfter) {}

  /**
   * How soon a starting integration is looked at again, and so how old a shared re-read of its
   * project may be for that look: the waiting policies of a project share one re-read per interval.
   */
  static Duration recheck(RetryDelays delays) {
    return delays.fast().compareTo(STARTING_RETRY) <= 0 ? delays.fast() : STARTING_RETRY;
  }

  /**
   * Empty when every integration the policy wants is flowing; otherwise the first that is not,
   * as a state: failed (Aiven's errors and likely cause), its destination gone or not running
   * (an integration waits inactive for it), or starting (re-checked within seconds).
   */
  static Optional<Problem> of(Iterable<Slot.LogsIntegration> slots, Observed observed, SinkDestinations destinations,
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
          : destinations.problem(slot, true)
          // unreadable (API error, no access): nothing is known against "starting"
          .filter(f -> f.reason.equals(Conditions.Reason.SINK_DESTINATION_NOT_FOUND)
              || f.reason.equals(Conditions.Reason.SINK_DESTINATION_NOT_RUNNING));
      if (destination.isPresent()) {
        ReconcileFailure f = destination.get();
        return Optional.of(new Problem(LayerState.failed(f.reason, f.getMessage()), f.retryAfter));
      }
      return Optional.of(new Problem(LayerState.failed(Conditions.Reason.SINK_STARTING, what + " is not active yet"
          + " (status " + (i.status() == null ? "unknown" : i.status()) + "); checked again within seconds"), recheck(delays)));
    }
    return Optional.empty();
  }
}
