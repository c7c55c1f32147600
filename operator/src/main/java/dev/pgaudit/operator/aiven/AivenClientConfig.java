package dev.pgaudit.operator.aiven;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by every {@link AivenClient}. {@code observer} hears about every HTTP call
 * (for metrics); it never sees the token.
 *
 * <p>{@code maxRetries} is the number of retries after the first attempt. Backoff between retries
 * grows exponentially from {@code minBackoff} and never exceeds {@code maxBackoff}; tests make it
 * fast with {@link #withRetries(int, Duration, Duration)}.
 *
 * <p>{@code pacer} keeps every client made from this config under the API's rate limit (per
 * token); the 7-argument constructor and {@link #defaults} leave requests unpaced.
 */
public record AivenClientConfig(
    URI baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    Duration minBackoff,
    Duration maxBackoff,
    CallObserver observer,
    RequestPacer pacer) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.aiven.io/v1");

  /** Told about each HTTP exchange: method, path template (e.g. /project/{project}/service/{service}), status (-1 on I/O error). */
  public interface CallObserver {
    void onCall(String method, String pathTemplate, int status, Duration took);

    /** The client is about to sleep {@code wait} before retrying a failed call. */
    default void onRetryWait(String method, String pathTemplate, Duration wait) {}

    /** A request waited {@code wait} for the {@link RequestPacer} before going out. */
    default void onPacerWait(String method, String pathTemplate, Duration wait) {}

    CallObserver NONE = (method, pathTemplate, status, took) -> {};
  }

  public AivenClientConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff, got " + minBackoff + " and " + maxBackoff);
    }
    if (observer == null) observer = CallObserver.NONE;
    if (pacer == null) pacer = RequestPacer.unlimited();
  }

  /** Without pacing, as before pacing existed. */
  public AivenClientConfig(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxRetries,
      Duration minBackoff, Duration maxBackoff, CallObserver observer) {
    this(baseUrl, connectTimeout, readTimeout, maxRetries, minBackoff, maxBackoff, observer, RequestPacer.unlimited());
  }

  public static AivenClientConfig defaults(URI baseUrl) {
    return new AivenClientConfig(
        baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30), 6, Duration.ofSeconds(2), Duration.ofSeconds(15),
        CallObserver.NONE);
  }

  public AivenClientConfig withRetries(int retries, Duration min, Duration max) {
    return new AivenClientConfig(baseUrl, connectTimeout, readTimeout, retries, min, max, observer, pacer);
  }

  public AivenClientConfig withTimeouts(Duration connect, Duration read) {
    return new AivenClientConfig(baseUrl, connect, read, maxRetries, minBackoff, maxBackoff, observer, pacer);
  }

  public AivenClientConfig withObserver(CallObserver callObserver) {
    return new AivenClientConfig(baseUrl, connectTimeout, readTimeout, maxRetries, minBackoff, maxBackoff, callObserver, pacer);
  }

  public AivenClientConfig withBaseUrl(URI url) {
    return new AivenClientConfig(url, connectTimeout, readTimeout, maxRetries, minBackoff, maxBackoff, observer, pacer);
  }

  public AivenClientConfig withPacer(RequestPacer requestPacer) {
    return new AivenClientConfig(baseUrl, connectTimeout, readTimeout, maxRetries, minBackoff, maxBackoff, observer, requestPacer);
  }
}
