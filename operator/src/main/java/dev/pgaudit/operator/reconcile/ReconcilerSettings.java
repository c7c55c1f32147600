package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClientConfig;
import java.util.function.Supplier;

/**
 * What the reconciler needs from the operator's configuration. {@code defaultToken} (its value may
 * be null) is used by policies without spec.authSecretRef and asked for at every use, so a rotated
 * token file is picked up; {@code defaultTokenSource} names where it came
 * from for messages ("environment variable AIVEN_TOKEN", "secret pgaudit-system/aiven-token").
 * A deletion whose cleanup keeps failing is let go after {@code maxCleanupAttempts}.
 */
public record ReconcilerSettings(
    AivenClientConfig aiven,
    Supplier<String> defaultToken,
    String defaultTokenSource,
    RetryDelays delays,
    int maxCleanupAttempts) {

  @Override
  public String toString() {
    return "ReconcilerSettings[aiven=" + aiven.baseUrl() + ", defaultToken from " + defaultTokenSource
        + ", delays=" + delays + ", maxCleanupAttempts=" + maxCleanupAttempts + "]";
  }
}
