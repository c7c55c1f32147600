package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A sink's destination OpenSearch service, checked before an integration to it is created (then
 * nothing is posted) and while an existing one is inactive: a missing or non-operational one gets
 * its own reason (reference §7.4). It is looked up in its project's shared reading
 * ({@link ProjectReadings}), not with a GET of its own: the reading the reconcile trusts for its own
 * service tells a running destination at no cost (one list of the other project, shared, when the
 * destination lives there). What speaks against creating (missing, not running) is believed only
 * from a reading sent within the re-check interval, so a destination created or started since the
 * last reading is not refused on old news; waiting policies share that re-read too. The other way
 * round, a destination stopped since the reading: Aiven refuses the create, and a new reading says
 * why.
 */
final class SinkDestinations {
  private final ProjectReadings readings;
  private final AivenClient aiven;
  private final String tokenFingerprint;
  private final Instant trustedSince;
  private final Duration recheck;
  private final RetryDelays delays;

  /**
   * @param trustedSince the oldest reading the reconcile trusts for its own service
   * @param recheck how old a reading may be that says the destination is missing or not running
   */
  SinkDestinations(ProjectReadings readings, AivenClient aiven, String tokenFingerprint, Instant trustedSince,
      Duration recheck, RetryDelays delays) {
    this.readings = readings;
    this.aiven = aiven;
    this.tokenFingerprint = tokenFingerprint;
    this.trustedSince = trustedSince;
    this.recheck = recheck;
    this.delays = delays;
  }

  /**
   * Empty when the destination runs; otherwise its own reason (SinkDestinationNotFound,
   * SinkDestinationNotRunning), or a failure of the sink layer when it could not be read.
   *
   * @param integrationExists an integration to it exists (it waits) rather than being about to be created
   */
  Optional<ReconcileFailure> problem(Slot.LogsIntegration slot, boolean integrationExists) {
    ServiceKey key = new ServiceKey(slot.destProject(), slot.destService());
    Optional<AivenService> destination;
    try {
      destination = readings.find(key, aiven, tokenFingerprint, trustedSince);
      if (destination.isEmpty() || !destination.get().isOperational()) {
        Instant recent = readings.now().minus(recheck);
        destination = readings.find(key, aiven, tokenFingerprint, recent.isAfter(trustedSince) ? recent : trustedSince);
      }
    } catch (AivenApiException e) {
      if (!e.isNotFound()) return Optional.of(ReconcileFailure.fromAiven(Layer.SINK, e, "reading sink destination " + key, delays));
      destination = Optional.empty(); // its project does not exist
    }
    return judge(key, destination, integrationExists);
  }

  /**
   * Aiven refused to create the integration although the reading showed its destination running:
   * the reading may be older than a change of the destination, so a new one says whether that is
   * the cause (then the destination's own reason). Empty when it still runs, or cannot be read.
   */
  Optional<ReconcileFailure> afterRefusedCreate(Slot.LogsIntegration slot) {
    ServiceKey key = new ServiceKey(slot.destProject(), slot.destService());
    Optional<AivenService> destination;
    try {
      destination = readings.find(key, aiven, tokenFingerprint, readings.now());
    } catch (AivenApiException e) {
      if (!e.isNotFound()) return Optional.empty();
      destination = Optional.empty();
    }
    return judge(key, destination, false);
  }

  private Optional<ReconcileFailure> judge(ServiceKey key, Optional<AivenService> destination, boolean integrationExists) {
    if (destination.isEmpty()) {
      return Optional.of(new ReconcileFailure(Layer.SINK, Conditions.Reason.SINK_DESTINATION_NOT_FOUND,
          "the sink's OpenSearch service " + key + " does not exist"
              + (integrationExists ? "; no audit logs reach it" : "; no integration was created"), delays.slow()));
    }
    AivenService service = destination.get();
    if (service.isOperational()) return Optional.empty();
    return Optional.of(new ReconcileFailure(Layer.SINK, Conditions.Reason.SINK_DESTINATION_NOT_RUNNING,
        "the sink's OpenSearch service " + key + " is " + (service.state() == null ? "in no known state" : service.state())
            + (integrationExists ? "; the integration waits, inactive, until it runs"
                : "; no integration is created until it is RUNNING"), delays.fast()));
  }
}
