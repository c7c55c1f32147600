package dev.pgaudit.operator.aiven;

import static dev.pgaudit.testkit.aiven.AivenSimulator.INTEGRATION_PATH;
import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries of calls that are safe to repeat: which failures, how often, how long between attempts. */
class AivenClientRetryTest extends ClientFixture {

  @Test
  void tooManyRequestsWithRetryAfterWaitsThatLong() {
    sim.faults().inject(1, Fault.tooManyRequests(1));

    assertThat(client.getService(PROJECT, PG).name()).isEqualTo(PG);

    assertThat(retryWaits).containsExactly(Duration.ofSeconds(1)); // Retry-After, not the 20..100 ms back-off
    assertThat(requests().entries()).extracting(e -> e.status()).containsExactly(429, 200);
  }

  @Test
  void tooManyRequestsWithoutRetryAfterBacksOffExponentiallyWithinBounds() {
    AivenClient slow = client(fastConfig().withRetries(3, Duration.ofMillis(200), Duration.ofMillis(400)));
    sim.faults().inject(2, Fault.tooManyRequests());

    slow.getService(PROJECT, PG);

    // retry 1 waits 200..400 ms, retry 2 waits 400 ms (capped)
    assertThat(retryWaits).hasSize(2);
    assertThat(retryWaits.get(0)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(retryWaits.get(1)).isEqualTo(Duration.ofMillis(400));
    assertThat(requests().entries()).extracting(e -> e.status()).containsExactly(429, 429, 200);
  }

  @Test
  void retryAfterLongerThanWeBlockForIsReportedAtOnceAsRetryable() {
    sim.faults().inject(1, Fault.tooManyRequests(600));

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, PG));

    assertThat(retryWaits).isEmpty(); // reported at once instead of blocking a reconcile thread for 600 s
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("asked to wait 600 s");
    assertThat(requests().total()).isEqualTo(1);
  }

  @Test
  void rateLimitBeyondMaxRetriesIsRetryable() {
    sim.faults().inject(10, Fault.tooManyRequests());

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, PG));

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("read service acme/pg-orders: Aiven's rate limit was still exceeded after 4 attempts");
    assertThat(requests().total()).isEqualTo(4);
  }

  @Test
  void burstOfServerErrorsThenSuccess() {
    sim.faults().inject(1, Fault.status(500)).inject(1, Fault.status(502)).inject(1, Fault.status(503));

    AivenService service = client.updatePgaudit(PROJECT, PG, Map.of("log", List.of("ddl")));

    assertThat(service.pgaudit()).containsEntry("log", List.of("ddl"));
    assertThat(requests().entries()).extracting(e -> e.status()).containsExactly(500, 502, 503, 200);
  }

  @Test
  void serverErrorsBeyondMaxRetriesGiveARetryableException() {
    sim.faults().inject(5, Fault.status(503));

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, PG));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo(
        "read service acme/pg-orders failed after 4 attempts (HTTP 503: Service temporarily unavailable)");
    assertThat(count("GET", SERVICE_PATH)).isEqualTo(4);
    assertThat(sim.faults().pending()).isEqualTo(1);
  }

  @Test
  void noRetriesWhenMaxRetriesIsZero() {
    AivenClient once = client(fastConfig().withRetries(0, Duration.ofMillis(20), Duration.ofMillis(100)));
    sim.faults().inject(1, Fault.status(503));

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> once.getService(PROJECT, PG));

    assertThat(e.getMessage()).isEqualTo("read service acme/pg-orders failed (HTTP 503: Service temporarily unavailable)");
    assertThat(requests().total()).isEqualTo(1);
  }

  @Test
  void notImplementedIsNotRetriedHereButLeftToTheReconciler() {
    sim.faults().inject(1, Fault.status(501));

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, PG));

    assertThat(e.status()).isEqualTo(501);
    assertThat(e.retryable()).isTrue();
    assertThat(requests().total()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 504})
  void timeoutStatusesAreRetried(int status) {
    sim.faults().inject(1, Fault.status(status));

    client.listServiceIntegrations(PROJECT, PG);

    assertThat(requests().entries()).extracting(e -> e.status()).containsExactly(status, 200);
  }

  @Test
  void hangPastTheReadTimeoutIsRetriedThenSucceeds() {
    AivenClient impatient = client(fastConfig().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(2500)));

    assertThat(impatient.getService(PROJECT, PG).name()).isEqualTo(PG);

    // gave up on the hanging request after the read timeout (-1) instead of waiting for its answer
    assertThat(count("GET", SERVICE_PATH)).isEqualTo(2);
    assertThat(calls).extracting(Call::status).containsExactly(-1, 200);
  }

  @Test
  void putThatLandedDespiteATimeoutIsHarmlessToRepeat() {
    AivenClient impatient = client(fastConfig().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(900)), "PUT", SERVICE_PATH);

    AivenService service = impatient.updatePgaudit(PROJECT, PG, Map.of("log_rows", true));

    assertThat(service.pgaudit()).isEqualTo(Map.of("log_rows", true));
    assertThat(count("PUT", SERVICE_PATH)).isEqualTo(2);
  }

  @Test
  void integrationUpdateThatLandedBeforeAnErrorCountsAsDone() {
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 3));
    sim.faults().inject(1, Fault.failAfterProcessing(500), "PUT", INTEGRATION_PATH);

    ServiceIntegration updated = client.updateIntegration(PROJECT, id, Map.of("elasticsearch_index_days_max", 8));

    assertThat(updated.userConfig()).isEqualTo(Map.of("elasticsearch_index_days_max", 8));
    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.status())
        .containsExactly("PUT 500", "PUT 400", "GET 200");
  }

  @Test
  void integrationDeleteThatLandedBeforeAnErrorCountsAsDone() {
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of());
    sim.faults().inject(1, Fault.failAfterProcessing(503));

    client.deleteIntegration(PROJECT, id);

    assertThat(sim.integrations(PROJECT)).isEmpty();
    assertThat(requests().entries()).extracting(e -> e.status()).containsExactly(503, 404);
  }

  @Test
  void backoffStaysWithinMinAndMaxAcrossManyRetries() {
    AivenClient bounded = client(fastConfig().withRetries(5, Duration.ofMillis(50), Duration.ofMillis(80)));
    sim.faults().inject(5, Fault.status(502));

    bounded.getService(PROJECT, PG);

    assertThat(retryWaits).hasSize(5)
        .allSatisfy(w -> assertThat(w).isBetween(Duration.ofMillis(50), Duration.ofMillis(80)));
    assertThat(requests().total()).isEqualTo(6);
  }
}
