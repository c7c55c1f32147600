package dev.pgaudit.operator.aiven;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends exactly one HTTP request per {@link #exchange} call: no hidden retries (OkHttp's own
 * connection-failure retry is off), so every attempt is counted by the observer and decided by
 * {@link RetryPolicy}. All AivenClients share one connection pool and dispatcher.
 */
final class AivenTransport {
  private static final Logger LOG = LoggerFactory.getLogger(AivenClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String USER_AGENT = "pgaudit-operator";

  private static final OkHttpClient ROOT =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).followRedirects(false).build();
  private static final ConcurrentMap<List<Duration>, OkHttpClient> BY_TIMEOUTS = new ConcurrentHashMap<>();

  private final OkHttpClient http;
  private final String authorization;
  private final AivenClientConfig.CallObserver observer;

  AivenTransport(AivenClientConfig config, String token) {
    this.http = sharedClient(config.connectTimeout(), config.readTimeout());
    this.authorization = "aivenv1 " + token;
    this.observer = config.observer();
  }

  /** Clients with different timeouts still share the pool and dispatcher of ROOT. */
  static OkHttpClient sharedClient(Duration connectTimeout, Duration readTimeout) {
    return BY_TIMEOUTS.computeIfAbsent(
        List.of(connectTimeout, readTimeout),
        key -> ROOT.newBuilder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .build());
  }

  Exchange exchange(ApiCall call) {
    Request.Builder request = new Request.Builder()
        .url(call.url())
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
    RequestBody body = call.jsonBody() == null ? null : RequestBody.create(call.jsonBody(), JSON);
    request.method(call.method(), body);

    long started = System.nanoTime();
    Exchange result;
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      Duration retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), Instant.now());
      result = new Exchange.Answered(response.code(), text, retryAfter);
    } catch (IOException e) {
      result = new Exchange.Failed(e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    report(call, result, took);
    return result;
  }

  private void report(ApiCall call, Exchange result, Duration took) {
    if (LOG.isDebugEnabled()) {
      String outcome = result instanceof Exchange.Failed f
          ? "I/O error " + f.error().getClass().getSimpleName()
          : "HTTP " + result.status();
      LOG.debug("Aiven {} {} -> {} in {} ms", call.method(), call.pathTemplate(), outcome, took.toMillis());
    }
    try {
      observer.onCall(call.method(), call.pathTemplate(), result.status(), took);
    } catch (RuntimeException e) {
      LOG.warn("Aiven call observer failed; ignoring", e);
    }
  }
}
