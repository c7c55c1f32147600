package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.tenancy.TenancyRules;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the reconciler needs from the operator's configuration. {@code defaultToken} (its value may
 * be null) is used by policies without spec.authSecretRef and asked for at every use, so a rotated
 * token file is picked up; {@code defaultTokenSource} names where it came
 * from for messages ("environment variable AIVEN_TOKEN", "secret pgaudit-system/aiven-token").
 * A failure JOSDK retries ({@link #failureRetry}) is tried {@code maxCleanupAttempts} times; a
 * deletion whose cleanup keeps failing is let go then. Policies at
 * rest share one observation of their service for {@code observationTtl} (zero: never share).
 * {@code statusWrites} hears about status writes the API server refused (metrics), {@code coverage}
 * about each policy's effective coverage (metrics).
 * The applied records (what each policy wrote, and what was there before) are ConfigMaps in
 * {@code recordNamespace}, the operator's own namespace. {@code tenancy} says which namespaces may
 * use which services (default: none may use the default token).
 */
public record ReconcilerSettings(
    AivenClientConfig aiven,
    Supplier<String> defaultToken,
    String defaultTokenSource,
    RetryDelays delays,
    int maxCleanupAttempts,
    Duration observationTtl,
    StatusWriteListener statusWrites,
    String recordNamespace,
    CoverageListener coverage,
    TenancyRules tenancy) {
  public static final String DEFAULT_RECORD_NAMESPACE = "default";

  public ReconcilerSettings(AivenClientConfig aiven, Supplier<String> defaultToken, String defaultTokenSource,
      RetryDelays delays, int maxCleanupAttempts) {
    this(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, Duration.ZERO);
  }

  public ReconcilerSettings(AivenClientConfig aiven, Supplier<String> defaultToken, String defaultTokenSource,
      RetryDelays delays, int maxCleanupAttempts, Duration observationTtl) {
    this(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, observationTtl, StatusWriteListener.NONE,
        DEFAULT_RECORD_NAMESPACE, CoverageListener.NONE, TenancyRules.DEFAULT);
  }

  public ReconcilerSettings withObservationTtl(Duration ttl) {
    return new ReconcilerSettings(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, ttl, statusWrites,
        recordNamespace, coverage, tenancy);
  }

  public ReconcilerSettings withStatusWrites(StatusWriteListener listener) {
    return new ReconcilerSettings(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, observationTtl,
        listener, recordNamespace, coverage, tenancy);
  }

  public ReconcilerSettings withRecordNamespace(String namespace) {
    return new ReconcilerSettings(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, observationTtl,
        statusWrites, namespace, coverage, tenancy);
  }

  public ReconcilerSettings withCoverage(CoverageListener listener) {
    return new ReconcilerSettings(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, observationTtl,
        statusWrites, recordNamespace, listener, tenancy);
  }

  public ReconcilerSettings withTenancy(TenancyRules rules) {
    return new ReconcilerSettings(aiven, defaultToken, defaultTokenSource, delays, maxCleanupAttempts, observationTtl,
        statusWrites, recordNamespace, coverage, rules);
  }

  /**
   * JOSDK's retry of a reconcile or cleanup that threw a transient failure: first after
   * {@code delays.fast}, then half as long again each time, up to {@code delays.slow}, for
   * {@code maxCleanupAttempts} attempts. The operator registers its controller with it.
   */
  public GenericRetry failureRetry() {
    return new GenericRetry().setInitialInterval(delays.fast().toMillis()).setIntervalMultiplier(1.5)
        .setMaxInterval(delays.slow().toMillis()).setMaxAttempts(maxCleanupAttempts);
  }

  @Override
  public String toString() {
    return "ReconcilerSettings[aiven=" + aiven.baseUrl() + ", defaultToken from " + defaultTokenSource
        + ", delays=" + delays + ", maxCleanupAttempts=" + maxCleanupAttempts + ", observationTtl=" + observationTtl
        + ", recordNamespace=" + recordNamespace + ", tenancy=" + tenancy + "]";
  }
}
