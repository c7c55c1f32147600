package dev.pgaudit.operator.aiven;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to retry an Aiven call and how long to wait, modelled on Aiven's own Go client: connection
 * errors, 408, 429 and 5xx are retried, Retry-After wins over our own backoff.
 *
 * <p>501 is deliberately not retried here: Aiven uses it only for Kafka topics/connectors ("not
 * ready yet"); on the service and integration endpoints it would mean "not implemented", which
 * hammering will not fix. The resulting exception is still marked retryable, so the reconciler
 * tries again at its own, slower pace.
 */
final class RetryPolicy {
  /** Never block a reconcile thread longer than this for one Retry-After; give up and requeue instead. */
  static final Duration RETRY_AFTER_CEILING = Duration.ofSeconds(60);

  private final int maxRetries;
  private final Duration minBackoff;
  private final Duration maxBackoff;

  RetryPolicy(int maxRetries, Duration minBackoff, Duration maxBackoff) {
    this.maxRetries = maxRetries;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
  }

  int maxRetries() { return maxRetries; }

  /** Whether this client retries the failure itself (for a call that is safe to repeat). */
  static boolean retriedInClient(Exchange failure, String method) {
    if (failure instanceof Exchange.Failed) return true;
    int status = failure.status();
    return status == 408 || status == 429 || (status >= 500 && status != 501)
        || (status == 417 && "DELETE".equals(method)); // 417: dependants still pending; Aiven retries DELETE
  }

  /** Whether a later attempt (by the client or by the reconciler) may succeed. */
  static boolean mayHelpLater(Exchange failure, String method) {
    return retriedInClient(failure, method) || failure.status() == 501;
  }

  /**
   * How long to wait before retry number {@code retry} (1-based) after {@code failure}; empty
   * when Aiven asks for a wait longer than we are willing to block.
   */
  Optional<Duration> delayBefore(int retry, Exchange failure) {
    // An idle keep-alive connection the server dropped fails the next request on it: the first
    // retry goes out at once (on a new connection), as a browser would; waiting would not help.
    if (retry == 1 && failure instanceof Exchange.Failed f && f.connectionDropped()) return Optional.of(Duration.ZERO);
    if (failure instanceof Exchange.Answered a && a.retryAfter() != null) {
      Duration limit = maxBackoff.compareTo(RETRY_AFTER_CEILING) > 0 ? maxBackoff : RETRY_AFTER_CEILING;
      return a.retryAfter().compareTo(limit) > 0 ? Optional.empty() : Optional.of(a.retryAfter());
    }
    return Optional.of(backoff(retry));
  }

  /**
   * Exponential backoff with jitter: retry n waits a random time in [min·2^(n-1), min·2^n],
   * clamped to [minBackoff, maxBackoff]. Jitter keeps many policies on one service from
   * retrying in lock step.
   */
  Duration backoff(int retry) {
    long minNanos = minBackoff.toNanos();
    long maxNanos = maxBackoff.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    double base = Math.min((double) minNanos * (1L << shift), (double) maxNanos);
    double jittered = base * (1 + ThreadLocalRandom.current().nextDouble());
    long nanos = (long) Math.min(Math.max(jittered, minNanos), maxNanos);
    return Duration.ofNanos(nanos);
  }

  /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
  static Duration parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return null;
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      return Duration.ofSeconds(Math.max(seconds, 0));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}
