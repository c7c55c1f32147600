package dev.pgaudit.operator.aiven;

import static dev.pgaudit.testkit.aiven.AivenSimulator.INTEGRATIONS_PATH;
import static dev.pgaudit.testkit.aiven.AivenSimulator.INTEGRATION_PATH;
import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_INTEGRATIONS_PATH;
import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.postgres.TestLogins;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every client call against the simulator over loopback, on the happy path: one request each. */
class AivenClientCallsTest extends ClientFixture {

  @Test
  void getServiceMapsTheServiceWithoutSecrets() {
    AivenService service = client.getService(PROJECT, PG);

    assertThat(service.project()).isEqualTo(PROJECT);
    assertThat(service.name()).isEqualTo(PG);
    assertThat(service.type()).isEqualTo("pg");
    assertThat(service.state()).isEqualTo("RUNNING");
    assertThat(service.isRunning()).isTrue();
    assertThat(service.pgVersion()).isEqualTo("16");
    assertThat(service.userConfig()).isEqualTo(Map.of("pg_version", "16"));
    assertThat(service.pgaudit()).isEmpty();
    assertThat(service.connection()).isNull();
    assertThat(service.integrations()).isEmpty();
    assertThat(requests().counts()).containsExactly(Map.entry("GET " + SERVICE_PATH, 1));
  }

  @Test
  void pgauditValuesKeepTheirJsonTypes() {
    sim.putUserConfigDirectly(PROJECT, PG, Map.of("pgaudit", Map.of(
        "feature_enabled", true, "log", List.of("ddl", "role"), "log_level", "notice",
        "log_max_string_length", 1024, "log_parameter_max_size", 9_999_999_999L)));

    Map<String, Object> pgaudit = client.getService(PROJECT, PG).pgaudit();

    assertThat(pgaudit).containsEntry("feature_enabled", Boolean.TRUE)
        .containsEntry("log", List.of("ddl", "role"))
        .containsEntry("log_level", "notice")
        .containsEntry("log_max_string_length", 1024)
        .containsEntry("log_parameter_max_size", 9_999_999_999L);
  }

  @Test
  void getServiceWithSecretsBuildsTheAvnadminConnection() {
    AivenService service = client.getServiceWithSecrets(PROJECT, PG);

    assertThat(service.connection()).isEqualTo(TestLogins.params(SQL_SIDE));
    assertThat(service.connection().sslRootCert()).isNull();
    assertThat(requests().counts()).containsExactly(Map.entry("GET " + SERVICE_PATH, 1));
  }

  @Test
  void updatePgauditSendsOnlyPgauditKeysAndKeepsEverythingElse() {
    AivenService before = client.getService(PROJECT, PG);
    // a console edit after our read: a full user_config PUT from `before` would undo it
    sim.putUserConfigDirectly(PROJECT, PG, Map.of("ip_filter", List.of("10.0.0.0/8"),
        "pgaudit", Map.of("log_client", true)));
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("feature_enabled", true);
    keys.put("log", List.of("ddl", "write"));

    AivenService after = client.updatePgaudit(PROJECT, PG, keys);

    assertThat(before.userConfig()).doesNotContainKey("ip_filter");
    assertThat(after.pgaudit()).isEqualTo(Map.of("feature_enabled", true, "log", List.of("ddl", "write"), "log_client", true));
    assertThat(after.connection()).isNull();
    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("ip_filter", List.of("10.0.0.0/8"))
        .containsEntry("pg_version", "16");
    assertThat(count("PUT", SERVICE_PATH)).isEqualTo(1);
  }

  @Test
  void listServiceIntegrationsLeavesOutEntriesWithoutId() {
    sim.options().integrationActivationDelay(java.time.Duration.ZERO); // the lifecycle has its own tests
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 5));

    List<ServiceIntegration> integrations = client.listServiceIntegrations(PROJECT, PG);

    assertThat(integrations).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(id);
      assertThat(i.type()).isEqualTo("logs");
      assertThat(i.sourceProject()).isEqualTo(PROJECT);
      assertThat(i.sourceService()).isEqualTo(PG);
      assertThat(i.destProject()).isEqualTo(PROJECT);
      assertThat(i.destService()).isEqualTo(OS);
      assertThat(i.enabled()).isTrue();
      assertThat(i.active()).isTrue();
      assertThat(i.userConfig()).isEqualTo(Map.of("elasticsearch_index_days_max", 5));
    });
    assertThat(client.getService(PROJECT, PG).integrations()).extracting(ServiceIntegration::id).containsExactly(id);
    assertThat(count("GET", SERVICE_INTEGRATIONS_PATH)).isEqualTo(1);
  }

  @Test
  void createLogsIntegrationMakesExactlyOne() {
    ServiceIntegration created = client.createLogsIntegration(PROJECT, PG, null, OS,
        Map.of("elasticsearch_index_prefix", "audit", "selected_log_fields", List.of("HOSTNAME")));

    assertThat(created.id()).isNotBlank();
    assertThat(created.destProject()).isEqualTo(PROJECT);
    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo(created.id());
      assertThat(i.userConfig()).isEqualTo(created.userConfig());
    });
    assertThat(requests().counts()).containsExactly(Map.entry("POST " + INTEGRATIONS_PATH, 1));
  }

  @Test
  void updateIntegrationChangesTheConfig() {
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 3));

    ServiceIntegration updated = client.updateIntegration(PROJECT, id, Map.of("elasticsearch_index_days_max", 9));

    assertThat(updated.userConfig()).isEqualTo(Map.of("elasticsearch_index_days_max", 9));
    assertThat(requests().counts()).containsExactly(Map.entry("PUT " + INTEGRATION_PATH, 1));
  }

  @Test
  void updateIntegrationWithUnchangedConfigSucceedsWhateverTheStatus() {
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of("elasticsearch_index_days_max", 3));

    ServiceIntegration same = client.updateIntegration(PROJECT, id, Map.of("elasticsearch_index_days_max", 3));
    sim.options().unchangedIntegrationStatus(409);
    ServiceIntegration again = client.updateIntegration(PROJECT, id, Map.of("elasticsearch_index_days_max", 3));

    assertThat(same.id()).isEqualTo(id);
    assertThat(again.userConfig()).isEqualTo(Map.of("elasticsearch_index_days_max", 3));
    assertThat(count("PUT", INTEGRATION_PATH)).isEqualTo(2);
    assertThat(count("GET", INTEGRATION_PATH)).isEqualTo(2);
  }

  @Test
  void deleteIntegrationRemovesItAndAMissingOneCountsAsDeleted() {
    String id = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of());

    client.deleteIntegration(PROJECT, id);
    client.deleteIntegration(PROJECT, id);

    assertThat(sim.integrations(PROJECT)).isEmpty();
    assertThat(count("DELETE", INTEGRATION_PATH)).isEqualTo(2);
  }

  @Test
  void pathSegmentsAreEscaped() {
    sim.addOpenSearchService(PROJECT, "odd name/with?chars");

    assertThat(client.getService(PROJECT, "odd name/with?chars").name()).isEqualTo("odd name/with?chars");
    assertThat(requests().entries().get(0).path()).isEqualTo("/v1/project/acme/service/odd%20name%2Fwith%3Fchars");
  }

  @Test
  void baseUrlWithTrailingSlashWorks() {
    AivenClient slash = client(fastConfig().withBaseUrl(URI.create(sim.baseUrl() + "/")));

    assertThat(slash.getService(PROJECT, PG).name()).isEqualTo(PG);
  }

  @Test
  void observerHearsEveryExchangeWithItsTemplate() {
    client.getService(PROJECT, PG);
    client.listServiceIntegrations(PROJECT, PG);
    client.updatePgaudit(PROJECT, PG, Map.of("log_rows", true));

    assertThat(calls).extracting(Call::method, Call::pathTemplate, Call::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("GET", AivenClient.SERVICE_PATH, 200),
        org.assertj.core.groups.Tuple.tuple("GET", AivenClient.SERVICE_INTEGRATIONS_PATH, 200),
        org.assertj.core.groups.Tuple.tuple("PUT", AivenClient.SERVICE_PATH, 200));
    assertThat(AivenClient.SERVICE_PATH).isEqualTo(SERVICE_PATH);
    assertThat(AivenClient.INTEGRATION_PATH).isEqualTo(INTEGRATION_PATH);
  }
}
