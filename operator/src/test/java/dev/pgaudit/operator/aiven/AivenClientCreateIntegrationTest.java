package dev.pgaudit.operator.aiven;

import static dev.pgaudit.testkit.aiven.AivenSimulator.INTEGRATIONS_PATH;
import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_INTEGRATIONS_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating an integration is not idempotent: retries must never make a second one. */
class AivenClientCreateIntegrationTest extends ClientFixture {
  static final Map<String, Object> CONFIG = Map.of("elasticsearch_index_days_max", 7);

  ServiceIntegration create() {
    return client.createLogsIntegration(PROJECT, PG, PROJECT, OS, CONFIG);
  }

  @Test
  void conflictAdoptsTheExistingIntegration() {
    String existing = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 3));

    ServiceIntegration adopted = create();

    assertThat(adopted.id()).isEqualTo(existing);
    assertThat(adopted.userConfig()).isEqualTo(Map.of("elasticsearch_index_days_max", 3));
    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.pathTemplate() + " " + e.status())
        .containsExactly("POST " + INTEGRATIONS_PATH + " 409", "GET " + SERVICE_INTEGRATIONS_PATH + " 200");
  }

  @Test
  void conflictWithoutAMatchIsReportedAsTheConflict() {
    sim.faults().inject(1, Fault.status(409), "POST", INTEGRATIONS_PATH);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, this::create);

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.retryable()).isFalse();
    assertThat(sim.integrations(PROJECT)).isEmpty();
    assertThat(count("POST", INTEGRATIONS_PATH)).isEqualTo(1);
  }

  @Test
  void serverErrorThatCreatedNothingIsLookedUpThenPostedAgain() {
    sim.faults().inject(1, Fault.status(503), "POST", INTEGRATIONS_PATH);

    ServiceIntegration created = create();

    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(created.id()));
    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.status())
        .containsExactly("POST 503", "GET 200", "POST 200");
  }

  @Test
  void serverErrorAfterTheIntegrationWasMadeAdoptsItWithoutPostingAgain() {
    sim.faults().inject(1, Fault.failAfterProcessing(500), "POST", INTEGRATIONS_PATH);

    ServiceIntegration created = create();

    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(created.id()));
    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.status()).containsExactly("POST 500", "GET 200");
  }

  @Test
  void timeoutWhileTheServerStillWorksNeverMakesASecondIntegration() {
    AivenClient impatient = client(fastConfig().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(900)), "POST", INTEGRATIONS_PATH);

    ServiceIntegration created = impatient.createLogsIntegration(PROJECT, PG, PROJECT, OS, CONFIG);

    await().atMost(Duration.ofSeconds(30)).until(() -> requests().entries().stream().allMatch(e -> e.status() != 0));
    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(created.id()));
  }

  @Test
  void rateLimitedPostIsRepeatedWithoutALookup() {
    sim.faults().inject(1, Fault.tooManyRequests(), "POST", INTEGRATIONS_PATH);

    create();

    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.status()).containsExactly("POST 429", "POST 200");
  }

  @Test
  void failingLookupIsRetriedBeforeAnyNewPost() {
    sim.faults().inject(1, Fault.status(502), "POST", INTEGRATIONS_PATH)
        .inject(1, Fault.status(503), "GET", SERVICE_INTEGRATIONS_PATH);

    create();

    assertThat(requests().entries()).extracting(e -> e.method() + " " + e.status())
        .containsExactly("POST 502", "GET 503", "GET 200", "POST 200");
    assertThat(sim.integrations(PROJECT)).hasSize(1);
  }

  @Test
  void persistentServerErrorsEndInARetryableExceptionAfterMaxRetries() {
    sim.faults().inject(10, Fault.status(503), "POST", INTEGRATIONS_PATH);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, this::create);

    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.getMessage()).startsWith("create logs integration acme/pg-orders -> acme/os-logs failed after 4 attempts");
    assertThat(count("POST", INTEGRATIONS_PATH)).isEqualTo(4);
    assertThat(count("GET", SERVICE_INTEGRATIONS_PATH)).isEqualTo(3);
    assertThat(sim.integrations(PROJECT)).isEmpty();
  }

  @Test
  void invalidConfigIsRejectedOnceWithoutRetryOrLookup() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.createLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 0)));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.aivenMessage()).isEqualTo("Invalid 'user_config': Invalid input for elasticsearch_index_days_max: "
        + "0 is less than the minimum of 1");
    assertThat(requests().total()).isEqualTo(1);
  }

  @Test
  void missingDestinationIs404() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.createLogsIntegration(PROJECT, PG, PROJECT, "os-nope", CONFIG));

    assertThat(e.isNotFound()).isTrue();
    assertThat(e.aivenMessage()).isEqualTo("Service os-nope does not exist");
  }

  @Test
  void crossProjectDestinationIsSentAndMatched() {
    sim.addProject("logs-project");
    sim.addOpenSearchService("logs-project", OS);

    ServiceIntegration created = client.createLogsIntegration(PROJECT, PG, "logs-project", OS, CONFIG);
    ServiceIntegration again = client.createLogsIntegration(PROJECT, PG, "logs-project", OS, CONFIG);

    assertThat(created.destProject()).isEqualTo("logs-project");
    assertThat(again.id()).isEqualTo(created.id());
    assertThat(sim.integrations(PROJECT)).hasSize(1);
  }
}
