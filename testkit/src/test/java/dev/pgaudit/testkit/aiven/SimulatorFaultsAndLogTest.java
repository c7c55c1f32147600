package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fault injection, the rate limiter, the request log and thread safety. */
class SimulatorFaultsAndLogTest extends SimulatorFixture {

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void nextRequestsGetTheInjectedStatusThenServiceResumes(int status) {
    sim.faults().inject(2, Fault.status(status));

    RawAiven.Answer first = raw.get(PG_PATH);
    assertThat(first.status()).isEqualTo(status);
    assertThat(first.body().path("errors").get(0).path("status").asInt()).isEqualTo(status);
    assertThat(raw.get(PG_PATH).status()).isEqualTo(status);
    assertThat(raw.get(PG_PATH).status()).isEqualTo(200);
    assertThat(sim.faults().pending()).isZero();
  }

  @Test
  void faultsCanTargetOneMethodAndPathTemplate() {
    sim.faults().inject(1, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);

    assertThat(raw.get(PG_PATH).status()).isEqualTo(200);
    assertThat(raw.get("/project/acme/service/pg-orders/integration").status()).isEqualTo(200);
    assertThat(putUserConfig("{'pgaudit': {'log_client': true}}").status()).isEqualTo(503);
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKey("pgaudit");
    assertThat(putUserConfig("{'pgaudit': {'log_client': true}}").status()).isEqualTo(200);
  }

  @Test
  void tooManyRequestsComesWithOrWithoutRetryAfter() {
    sim.faults().inject(1, Fault.tooManyRequests(3)).inject(1, Fault.tooManyRequests());

    RawAiven.Answer withHeader = raw.get(PG_PATH);
    RawAiven.Answer withoutHeader = raw.get(PG_PATH);

    assertThat(withHeader.status()).isEqualTo(429);
    assertThat(withHeader.headers().firstValue("Retry-After")).contains("3");
    assertThat(withHeader.message()).startsWith("The user has sent too many requests in a given amount of time");
    assertThat(withoutHeader.status()).isEqualTo(429);
    assertThat(withoutHeader.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void hangOutlastsTheClientThenAppliesTheRequest() {
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(800)));
    assertThatThrownBy(() -> timedPut(Duration.ofMillis(200), "{'pgaudit': {'log_rows': true}}"))
        .hasCauseInstanceOf(HttpTimeoutException.class);

    await().atMost(Duration.ofSeconds(30)).until(() -> sim.userConfig(PROJECT, PG).containsKey("pgaudit"));
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().entries(), loggedFirst(200));
  }

  @Test
  void hangWithoutProcessingChangesNothing() {
    sim.faults().inject(1, Fault.hangWithoutProcessing(Duration.ofMillis(500)));

    assertThatThrownBy(() -> timedPut(Duration.ofMillis(100), "{'pgaudit': {'log_rows': true}}"))
        .hasCauseInstanceOf(HttpTimeoutException.class);

    await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().entries(), loggedFirst(504));
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKey("pgaudit");
  }

  @Test
  void failAfterProcessingAppliesTheChangeButAnswersAnError() {
    sim.faults().inject(1, Fault.failAfterProcessing(500));

    assertThat(putUserConfig("{'pgaudit': {'log_rows': true}}").status()).isEqualTo(500);

    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("pgaudit", Map.of("log_rows", true));
  }

  @Test
  void rateLimitAnswers429BeyondTheBucketPerToken() {
    sim.addToken("tok-second");
    sim.rateLimit(0.5, 3);

    for (int i = 0; i < 3; i++) assertThat(raw.get(PG_PATH).status()).isEqualTo(200);
    RawAiven.Answer limited = raw.get(PG_PATH);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
    assertThat(new RawAiven(sim.baseUrl(), "tok-second").get(PG_PATH).status()).isEqualTo(200);

    sim.options().rateLimitSendsRetryAfter(true);
    assertThat(raw.get(PG_PATH).headers().firstValue("Retry-After")).hasValueSatisfying(
        v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));

    sim.removeRateLimit();
    assertThat(raw.get(PG_PATH).status()).isEqualTo(200);
  }

  @Test
  void rateLimitRefillsOverTime() {
    sim.rateLimit(20, 1);
    assertThat(raw.get(PG_PATH).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> raw.get(PG_PATH).status() == 200);
  }

  @Test
  void requestLogCountsPerMethodAndTemplateWithStatuses() {
    sim.faults().inject(1, Fault.status(503), "GET", AivenSimulator.SERVICE_PATH);
    raw.get(PG_PATH);
    raw.get(PG_PATH);
    raw.get("/project/acme/service/os-logs");
    putUserConfig("{'pgaudit': {'log_rows': true}}");
    new RawAiven(sim.baseUrl(), "wrong").get("/project/acme/service/pg-orders/integration");

    RequestLog log = sim.requests();
    assertThat(log.total()).isEqualTo(5);
    assertThat(log.count("GET", AivenSimulator.SERVICE_PATH)).isEqualTo(3);
    assertThat(log.count("GET", AivenSimulator.SERVICE_PATH, 503)).isEqualTo(1);
    assertThat(log.count("PUT", AivenSimulator.SERVICE_PATH, 200)).isEqualTo(1);
    assertThat(log.count("GET", AivenSimulator.SERVICE_INTEGRATIONS_PATH, 401)).isEqualTo(1);
    assertThat(log.counts()).containsExactly(
        Map.entry("GET /project/{project}/service/{service}", 3),
        Map.entry("PUT /project/{project}/service/{service}", 1),
        Map.entry("GET /project/{project}/service/{service}/integration", 1));
    assertThat(log.entries().get(0).path()).isEqualTo("/v1/project/acme/service/pg-orders");
    assertThat(log.entries()).extracting(RequestLog.Entry::status).containsExactly(503, 200, 200, 200, 401);

    log.reset();
    assertThat(log.total()).isZero();
    assertThat(log.counts()).isEmpty();
  }

  @Test
  void concurrentUpdatesToDifferentKeysAreAllKept() throws Exception {
    List<String> keys = List.of("log_catalog", "log_client", "log_parameter", "log_relation", "log_rows",
        "log_statement", "log_statement_once", "log_nested_statements", "feature_enabled");
    ExecutorService pool = Executors.newFixedThreadPool(keys.size());
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (String key : keys) {
        results.add(pool.submit(() -> putUserConfig("{'pgaudit': {'" + key + "': true}}").status()));
      }
      for (Future<Integer> result : results) assertThat(result.get()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }

    Map<?, ?> pgaudit = (Map<?, ?>) sim.userConfig(PROJECT, PG).get("pgaudit");
    assertThat(pgaudit.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(sim.requests().count("PUT", AivenSimulator.SERVICE_PATH, 200)).isEqualTo(keys.size());
  }

  private void timedPut(Duration timeout, String userConfig) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + PG_PATH))
        .timeout(timeout)
        .header("Authorization", "aivenv1 " + TOKEN)
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(RawAiven.json("{'user_config': " + userConfig + "}")))
        .build();
    try {
      java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request is logged when its answer is sent, after the hang: until then the log is empty. */
  private static Predicate<List<RequestLog.Entry>> loggedFirst(int status) {
    return entries -> !entries.isEmpty() && entries.get(0).status() == status;
  }
}
