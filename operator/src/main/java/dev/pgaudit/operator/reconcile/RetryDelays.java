package dev.pgaudit.operator.reconcile;

import java.time.Duration;

/**
 * When to look again after a failure that JOSDK's own retry does not see (we report it in status
 * instead of throwing): {@code fast} for transient failures, {@code slow} for ones that need a
 * human (token, missing role) but may be fixed outside Kubernetes, where no event would tell us.
 */
public record RetryDelays(Duration fast, Duration slow) {
  public static RetryDelays defaults() {
    return new RetryDelays(Duration.ofSeconds(15), Duration.ofMinutes(1));
  }
}
