package dev.pgaudit.operator.aiven;

import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgaudit.testkit.aiven.SimulatorOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every error the API gives becomes one AivenApiException that says what happened and whether retrying helps. */
class AivenClientErrorsTest extends ClientFixture {

  @Test
  void unknownTokenIsAnAuthFailureNamingTheTokenSourceAndIsNotRetried() {
    AivenClient stranger = new AivenClient(fastConfig(), "tok-unknown-0000", "secret team-b/aiven");

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> stranger.getService(PROJECT, PG));

    assertThat(e.getMessage()).isEqualTo(
        "the Aiven token in secret team-b/aiven is invalid or expired (HTTP 401: Missing (expired) db token)");
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.aivenMessage()).isEqualTo("Missing (expired) db token");
    assertThat(e.isAuthFailure()).isTrue();
    assertThat(e.retryable()).isFalse();
    assertThat(requests().total()).isEqualTo(1);
  }

  @Test
  void revokedTokenFailsOnTheNextCall() {
    client.getService(PROJECT, PG);
    sim.revokeToken(TOKEN);

    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.updatePgaudit(PROJECT, PG, Map.of("log_rows", true)));

    assertThat(e.status()).isEqualTo(401);
    assertThat(e.getMessage()).startsWith("the Aiven token in " + TOKEN_SOURCE + " is invalid or expired");
  }

  @Test
  void forbiddenIsAnAuthFailureToo() {
    sim.addProject("other");
    sim.addToken("tok-other-1234", Set.of("other"), false);
    AivenClient other = new AivenClient(fastConfig(), "tok-other-1234", TOKEN_SOURCE);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> other.getService(PROJECT, PG));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.isAuthFailure()).isTrue();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).startsWith("the Aiven token in " + TOKEN_SOURCE + " is invalid or expired")
        .endsWith("(HTTP 403: Permission denied)");
  }

  @Test
  void secretsWithoutPermissionIs403() {
    sim.addToken("tok-reader-5678", null, false);
    AivenClient reader = new AivenClient(fastConfig(), "tok-reader-5678", TOKEN_SOURCE);

    assertThat(reader.getService(PROJECT, PG).name()).isEqualTo(PG);
    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> reader.getServiceWithSecrets(PROJECT, PG));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.getMessage()).contains("may not read credentials of service acme/pg-orders");
  }

  @Test
  void unknownServiceIs404NamingTheService() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.getService(PROJECT, "pg-nope"));

    assertThat(e.getMessage()).isEqualTo("Aiven service acme/pg-nope not found (HTTP 404: Service pg-nope does not exist)");
    assertThat(e.isNotFound()).isTrue();
    assertThat(e.retryable()).isFalse();
    assertThat(requests().total()).isEqualTo(1);
  }

  @Test
  void unknownProjectIs404NamingProjectAndService() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.listServiceIntegrations("nope", PG));

    assertThat(e.getMessage()).startsWith("Aiven service nope/pg-orders not found (HTTP 404");
  }

  @Test
  void unknownIntegrationOnUpdateIs404NamingTheIntegration() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.updateIntegration(PROJECT, "0000-missing", Map.of("elasticsearch_index_days_max", 4)));

    assertThat(e.getMessage()).isEqualTo("Aiven integration 0000-missing in project acme not found "
        + "(HTTP 404: Service integration 0000-missing does not exist)");
  }

  @Test
  void validationErrorIsNotRetriedAndCarriesAivensMessage() {
    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.updatePgaudit(PROJECT, PG, Map.of("log_level", "loud")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.retryable()).isFalse();
    assertThat(e.aivenMessage()).startsWith("Invalid 'user_config': Invalid input for pgaudit.log_level: 'loud'");
    assertThat(e.getMessage()).startsWith("update pgaudit settings of service acme/pg-orders was rejected by Aiven "
        + "(HTTP 400: Invalid 'user_config'");
    assertThat(count("PUT", SERVICE_PATH)).isEqualTo(1);
  }

  @Test
  void nullForAPgauditKeyIsRejectedByAiven() {
    Map<String, Object> keys = new java.util.HashMap<>();
    keys.put("log_client", null);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> client.updatePgaudit(PROJECT, PG, keys));

    assertThat(e.aivenMessage()).isEqualTo(
        "Invalid 'user_config': Invalid input for pgaudit.log_client: None is not of type 'boolean'");
  }

  @Test
  void poweredOffServiceGives409NotRetried() {
    sim.setState(PROJECT, PG, "POWEROFF");

    AivenApiException e = catchThrowableOfType(AivenApiException.class,
        () -> client.updatePgaudit(PROJECT, PG, Map.of("feature_enabled", true)));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.aivenMessage()).isEqualTo("Database not powered on");
    assertThat(e.retryable()).isFalse();
    assertThat(count("PUT", SERVICE_PATH)).isEqualTo(1);

    sim.options().poweroffUpdate(SimulatorOptions.PoweroffUpdate.ACCEPT);
    assertThat(client.updatePgaudit(PROJECT, PG, Map.of("feature_enabled", true)).state()).isEqualTo("POWEROFF");
  }

  @Test
  void emptyTokenFailsWithoutAnyRequest() {
    AivenClient empty = new AivenClient(fastConfig(), "  ", TOKEN_SOURCE);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> empty.getService(PROJECT, PG));

    assertThat(e.getMessage()).isEqualTo("the Aiven token in " + TOKEN_SOURCE + " is empty");
    assertThat(e.isAuthFailure()).isTrue();
    assertThat(requests().total()).isZero();
  }

  @Test
  void tokenWithATrailingNewlineIsTrimmed() {
    AivenClient fromEcho = new AivenClient(fastConfig(), TOKEN + "\n", TOKEN_SOURCE);

    assertThat(fromEcho.getService(PROJECT, PG).name()).isEqualTo(PG);
  }

  @Test
  void tokenWithInnerControlCharactersIsRefusedWithoutSendingIt() {
    AivenClient broken = new AivenClient(fastConfig(), "tok\r\nX-Evil: 1", TOKEN_SOURCE);

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> broken.getService(PROJECT, PG));

    assertThat(e.getMessage()).contains("cannot be sent in an HTTP header").doesNotContain("Evil");
    assertThat(requests().total()).isZero();
  }

  @Test
  void unreachableApiIsRetriedThenReportedAsIoFailure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AivenClient nowhere = client(fastConfig().withBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1")));

    AivenApiException e = catchThrowableOfType(AivenApiException.class, () -> nowhere.getService(PROJECT, PG));

    assertThat(e.status()).isEqualTo(-1);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("read service acme/pg-orders failed after 4 attempts (ConnectException");
    assertThat(calls).hasSize(4).allSatisfy(c -> assertThat(c.status()).isEqualTo(-1));
  }

  @Test
  void connectTimeoutSettingIsUsed() {
    AivenClientConfig config = fastConfig().withTimeouts(Duration.ofMillis(1234), Duration.ofMillis(4321));

    var http = AivenTransport.sharedClient(config.connectTimeout(), config.readTimeout());

    assertThat(http.connectTimeoutMillis()).isEqualTo(1234);
    assertThat(http.readTimeoutMillis()).isEqualTo(4321);
    assertThat(http.retryOnConnectionFailure()).isFalse();
    assertThat(AivenTransport.sharedClient(Duration.ofSeconds(10), Duration.ofSeconds(30)).connectionPool())
        .isSameAs(http.connectionPool());
  }
}
