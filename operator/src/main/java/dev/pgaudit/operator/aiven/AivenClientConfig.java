package dev.pgaudit.operator.aiven;

import java.net.URI;
import java.time.Duration;

/**
 * Settings shared by every {@link AivenClient}. {@code observer} hears about every HTTP call
 * (for metrics); it never sees the token.
 */
public record AivenClientConfig(
    URI baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    Duration minBackoff,
    Duration maxBackoff,
    CallObserver observer) {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.aiven.io/v1");

  /** Told about each HTTP exchange: method, path template (e.g. /project/{project}/service/{service}), status (-1 on I/O error). */
  public interface CallObserver {
    void onCall(String method, String pathTemplate, int status, Duration took);

    CallObserver NONE = (method, pathTemplate, status, took) -> {};
  }

  public static AivenClientConfig defaults(URI baseUrl) {
    return new AivenClientConfig(
        baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30), 6, Duration.ofSeconds(2), Duration.ofSeconds(15),
        CallObserver.NONE);
  }
}
