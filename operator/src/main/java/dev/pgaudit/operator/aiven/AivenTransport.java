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
  private final RequestPacer pacer;
  private final String pacerKey;

  AivenTransport(AivenClientConfig config, String token) {
    this.http = sharedClient(config.connectTimeout(), config.readTimeout());
    this.authorization = "aivenv1 " + token;
    this.observer = config.observer();
    this.pacer = config.pacer();
    this.pacerKey = pacer.isLimited() ? fingerprint(token) : "";
  }

  AivenClientConfig.CallObserver observer() {
    return observer;
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

  /** Sends one request, after waiting for the pacer; an interrupt while waiting is an I/O failure (nothing was sent). */
  Exchange exchange(ApiCall call) {
    try {
      Duration waited = pacer.acquire(pacerKey);
      if (!waited.isZero()) notify(() -> observer.onPacerWait(call.method(), call.pathTemplate(), waited));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Exchange.Failed(new java.io.InterruptedIOException("interrupted while waiting for the rate limit"));
    }
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
      Exchange.Failed failed = new Exchange.Failed(e);
      // When the server dropped one idle connection it dropped its idle siblings too: close them all,
      // so the immediate retry (RetryPolicy) gets a new connection, not the next stale one.
      if (failed.connectionDropped()) http.connectionPool().evictAll();
      result = failed;
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
    notify(() -> observer.onCall(call.method(), call.pathTemplate(), result.status(), took));
  }

  void notify(Runnable observerCall) {
    try {
      observerCall.run();
    } catch (RuntimeException e) {
      LOG.warn("Aiven call observer failed; ignoring", e);
    }
  }

  /** The pacer's key: per token, as the API limits per user, without keeping the token itself. */
  private static String fingerprint(String token) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
