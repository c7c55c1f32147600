package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Service integrations (reference §4): create, list, duplicates, logs user_config, update, delete. */
class SimulatorIntegrationsTest extends SimulatorFixture {
  static final String FIELDS = "['HOSTNAME', 'PRIORITY', 'REALTIME_TIMESTAMP', 'SYSTEMD_UNIT', 'service_name']";

  RawAiven.Answer createLogs(String userConfig) {
    return raw.post("/project/acme/integration", RawAiven.json(
        "{'integration_type': 'logs', 'source_service': 'pg-orders', 'dest_service': 'os-logs', 'user_config': "
            + userConfig + "}"));
  }

  @Test
  void createReturnsTheIntegrationInAivensShape() {
    RawAiven.Answer answer = createLogs("{'elasticsearch_index_prefix': 'audit', 'elasticsearch_index_days_max': 7}");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode integration = answer.body().path("service_integration");
    assertThat(integration.path("service_integration_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(integration.path("integration_type").asText()).isEqualTo("logs");
    assertThat(integration.path("source_project").asText()).isEqualTo(PROJECT);
    assertThat(integration.path("source_service").asText()).isEqualTo(PG);
    assertThat(integration.path("source_service_type").asText()).isEqualTo("pg");
    assertThat(integration.path("dest_project").asText()).isEqualTo(PROJECT);
    assertThat(integration.path("dest_service").asText()).isEqualTo(OS);
    assertThat(integration.path("dest_service_type").asText()).isEqualTo("opensearch");
    assertThat(integration.path("enabled").asBoolean()).isTrue();
    // New integrations start inactive (default activation delay 300 ms).
    assertThat(integration.path("active").asBoolean()).isFalse();
    assertThat(integration.path("integration_status").path("state").path("status").asText()).isEqualTo("starting");
    assertThat(integration.path("user_config").path("elasticsearch_index_days_max").asInt()).isEqualTo(7);
    assertThat(sim.integrations(PROJECT)).singleElement()
        .satisfies(i -> assertThat(i.userConfig()).containsEntry("elasticsearch_index_prefix", "audit"));
  }

  @Test
  void listShowsBothDirectionsAndAvailableEntriesByDefault() {
    String id = createLogs("{}").body().path("service_integration").path("service_integration_id").asText();

    JsonNode fromSource = raw.get("/project/acme/service/pg-orders/integration").body().path("service_integrations");
    JsonNode fromDest = raw.get("/project/acme/service/os-logs/integration").body().path("service_integrations");

    assertThat(fromSource.findValuesAsText("integration_type")).containsExactly("logs", "read_replica");
    assertThat(fromSource.get(1).path("service_integration_id").isNull()).isTrue();
    assertThat(fromDest.get(0).path("service_integration_id").asText()).isEqualTo(id);
    assertThat(raw.get(PG_PATH).body().path("service").path("service_integrations").get(0)
        .path("service_integration_id").asText()).isEqualTo(id);
  }

  @Test
  void listDirectionAndAvailableEntriesAreConfigurable() {
    createLogs("{}");
    sim.options().listIncludesDestinationSide(false).listIncludesAvailableIntegrations(false);

    assertThat(raw.get("/project/acme/service/os-logs/integration").body().path("service_integrations")).isEmpty();
    assertThat(raw.get("/project/acme/service/pg-orders/integration").body().path("service_integrations")).hasSize(1);
  }

  @Test
  void duplicateIntegrationGets409() {
    createLogs("{}");

    RawAiven.Answer answer = createLogs("{'elasticsearch_index_days_max': 9}");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.message()).contains("already exists");
    assertThat(sim.integrations(PROJECT)).hasSize(1);
  }

  static Stream<Arguments> invalidLogsConfigs() {
    return Stream.of(
        Arguments.of("{'elasticsearch_index_days_max': 0}", "elasticsearch_index_days_max: 0 is less than the minimum of 1"),
        Arguments.of("{'elasticsearch_index_days_max': 10001}",
            "elasticsearch_index_days_max: 10001 is greater than the maximum of 10000"),
        Arguments.of("{'elasticsearch_index_days_max': '3'}", "elasticsearch_index_days_max: '3' is not of type 'integer'"),
        Arguments.of("{'elasticsearch_index_prefix': 'Logs'}",
            "elasticsearch_index_prefix: 'Logs' does not match '^[a-z0-9][a-z0-9-_.]+$'"),
        Arguments.of("{'elasticsearch_index_prefix': 'a'}",
            "elasticsearch_index_prefix: 'a' does not match '^[a-z0-9][a-z0-9-_.]+$'"),
        Arguments.of("{'elasticsearch_index_prefix': '-logs'}",
            "elasticsearch_index_prefix: '-logs' does not match '^[a-z0-9][a-z0-9-_.]+$'"),
        Arguments.of("{'elasticsearch_index_prefix': ''}", "elasticsearch_index_prefix: '' is too short"),
        Arguments.of("{'selected_log_fields': ['MESSAGE']}", "selected_log_fields: 'MESSAGE' is not one of " + FIELDS),
        Arguments.of("{'selected_log_fields': ['HOSTNAME', 'PRIORITY', 'REALTIME_TIMESTAMP', 'SYSTEMD_UNIT', "
            + "'service_name', 'HOSTNAME']}", "selected_log_fields: ['HOSTNAME', 'PRIORITY', 'REALTIME_TIMESTAMP', "
            + "'SYSTEMD_UNIT', 'service_name', 'HOSTNAME'] is too long"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidLogsConfigs")
  void logsUserConfigIsValidated(String userConfig, String detail) {
    RawAiven.Answer answer = createLogs(userConfig);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo("Invalid 'user_config': Invalid input for " + detail);
    assertThat(sim.integrations(PROJECT)).isEmpty();
  }

  @Test
  void logsUserConfigAtTheLimitsIsAccepted() {
    RawAiven.Answer answer = createLogs("{'elasticsearch_index_days_max': 10000, 'elasticsearch_index_prefix': "
        + "'a1.b_c-d', 'selected_log_fields': " + FIELDS + "}");

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
  }

  @Test
  void unknownLogsKeyIsRejected() {
    assertThat(createLogs("{'index_days': 3}").message()).isEqualTo(
        "Invalid 'user_config': Invalid input: Additional properties are not allowed ('index_days' was unexpected)");
  }

  @Test
  void createRequiresExistingServicesAndAnOpenSearchDestination() {
    RawAiven.Answer noSource = raw.post("/project/acme/integration", RawAiven.json(
        "{'integration_type': 'logs', 'source_service': 'pg-nope', 'dest_service': 'os-logs'}"));
    assertThat(noSource.status()).isEqualTo(404);
    assertThat(noSource.message()).isEqualTo("Service pg-nope does not exist");

    RawAiven.Answer pgToPg = raw.post("/project/acme/integration", RawAiven.json(
        "{'integration_type': 'logs', 'source_service': 'pg-orders', 'dest_service': 'pg-orders'}"));
    assertThat(pgToPg.status()).isEqualTo(400);

    RawAiven.Answer noType = raw.post("/project/acme/integration", RawAiven.json(
        "{'source_service': 'pg-orders', 'dest_service': 'os-logs'}"));
    assertThat(noType.message()).isEqualTo("Invalid input: 'integration_type' is a required property");
  }

  @Test
  void destinationServiceAliasIsRejectedUnlessConfigured() {
    String body = RawAiven.json(
        "{'integration_type': 'logs', 'source_service': 'pg-orders', 'destination_service': 'os-logs'}");
    assertThat(raw.post("/project/acme/integration", body).message())
        .isEqualTo("Invalid input: Additional properties are not allowed ('destination_service' was unexpected)");

    sim.options().acceptDestinationServiceAlias(true);

    assertThat(raw.post("/project/acme/integration", body).status()).isEqualTo(200);
    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> assertThat(i.destService()).isEqualTo(OS));
  }

  @Test
  void updateMergesAndAnUnchangedConfigIsAnError() {
    String path = "/project/acme/integration/" + idOf(createLogs("{'elasticsearch_index_days_max': 7}"));

    RawAiven.Answer changed = raw.put(path, RawAiven.json("{'user_config': {'elasticsearch_index_prefix': 'audit'}}"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(sim.integrations(PROJECT).get(0).userConfig())
        .isEqualTo(Map.of("elasticsearch_index_days_max", 7, "elasticsearch_index_prefix", "audit"));

    RawAiven.Answer same = raw.put(path, RawAiven.json("{'user_config': {'elasticsearch_index_days_max': 7}}"));
    assertThat(same.status()).isEqualTo(400);
    assertThat(same.message()).contains("user config not changed");

    sim.options().unchangedIntegrationStatus(409);
    assertThat(raw.put(path, RawAiven.json("{'user_config': {}}")).status()).isEqualTo(409);

    assertThat(raw.put(path, "{}").message()).isEqualTo("Invalid input: 'user_config' is a required property");
    assertThat(raw.put(path, RawAiven.json("{'user_config': {'elasticsearch_index_days_max': -1}}")).status())
        .isEqualTo(400);
  }

  @Test
  void deleteRemovesAndASecondDeleteIs404() {
    String path = "/project/acme/integration/" + idOf(createLogs("{}"));

    assertThat(raw.get(path).status()).isEqualTo(200);
    assertThat(raw.delete(path).status()).isEqualTo(200);
    assertThat(raw.get(path).status()).isEqualTo(404);
    RawAiven.Answer again = raw.delete(path);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body().path("errors").get(0).path("error_code").asText()).isEqualTo("service_integration_not_found");
    assertThat(sim.integrations(PROJECT)).isEmpty();
  }

  @Test
  void integrationIsOnlyVisibleUnderItsOwnProject() {
    sim.addProject("other");
    String id = idOf(createLogs("{}"));

    assertThat(raw.get("/project/other/integration/" + id).status()).isEqualTo(404);
  }

  @Test
  void activationDelayMakesActiveStartFalse() {
    sim.options().integrationActivationDelay(Duration.ofSeconds(1));
    JsonNode created = createLogs("{}").body().path("service_integration");
    assertThat(created.path("active").asBoolean()).isFalse();
    String path = "/project/acme/integration/" + created.path("service_integration_id").asText();

    await().atMost(Duration.ofSeconds(30))
        .until(() -> raw.get(path).body().path("service_integration").path("active").asBoolean());
  }

  @Test
  void removingAServiceRemovesItsIntegrations() {
    sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 3));

    sim.removeService(PROJECT, OS);

    assertThat(sim.integrations(PROJECT)).isEmpty();
    assertThat(raw.get("/project/acme/service/os-logs").status()).isEqualTo(404);
  }

  @Test
  void defaultsFillIntoIntegrationAnswersWhenConfigured() {
    sim.options().fillDefaultsInGet(true);
    JsonNode userConfig = createLogs("{}").body().path("service_integration").path("user_config");

    assertThat(userConfig.path("elasticsearch_index_days_max").asInt()).isEqualTo(3);
    assertThat(userConfig.path("elasticsearch_index_prefix").asText()).isEqualTo("logs");
    assertThat(sim.integrations(PROJECT).get(0).userConfig()).isEqualTo(Map.of());
    assertThat(userConfig.has("selected_log_fields")).isFalse();
  }

  private static String idOf(RawAiven.Answer created) {
    return created.body().path("service_integration").path("service_integration_id").asText();
  }
}
