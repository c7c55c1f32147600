package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenSearch service object exposes its Dashboards as opensearch.md §2 says. */
class SimulatorOpenSearchDashboardsTest extends SimulatorFixture {

  @Test
  void theServiceObjectCarriesTheDashboardsUriComponentAndCredentials() {
    try (DashboardsStandIn dashboards = DashboardsStandIn.start("avnadmin", "osPw-5d2a")) {
      sim.addOpenSearchService(PROJECT, "os-dash", dashboards);
      JsonNode service = raw.get("/project/acme/service/os-dash?include_secrets=true").body().path("service");
      JsonNode info = service.path("connection_info");
      assertThat(info.path("opensearch_dashboards_uri").asText())
          .isEqualTo("http://avnadmin:osPw-5d2a@127.0.0.1:" + dashboards.port());
      assertThat(info.path("opensearch_username").asText()).isEqualTo("avnadmin");
      assertThat(info.path("opensearch_password").asText()).isEqualTo("osPw-5d2a");
      assertThat(components(service)).containsExactly("opensearch", "opensearch_dashboards");
      assertThat(service.path("components").get(1).path("port").asInt()).isEqualTo(dashboards.port());

      JsonNode redacted = raw.get("/project/acme/service/os-dash").body().path("service").path("connection_info");
      assertThat(redacted.path("opensearch_dashboards_uri").asText())
          .isEqualTo("http://avnadmin:<redacted>@127.0.0.1:" + dashboards.port());
      assertThat(redacted.path("opensearch_password").asText()).isEqualTo("<redacted>");

      sim.options().dashboardsUriEmbedsCredentials(false);
      assertThat(raw.get("/project/acme/service/os-dash?include_secrets=true").body()
          .path("service").path("connection_info").path("opensearch_dashboards_uri").asText())
          .isEqualTo("http://127.0.0.1:" + dashboards.port());
    }
  }

  @Test
  void aDefaultOpenSearchServiceHasItsDashboardsOn443() {
    JsonNode service = raw.get("/project/acme/service/os-logs?include_secrets=true").body().path("service");
    JsonNode info = service.path("connection_info");
    assertThat(info.path("opensearch_dashboards_uri").asText()).matches("https://avnadmin:[0-9a-f]{16}@os-logs-acme\\.a\\.aivencloud\\.com:443");
    assertThat(info.path("opensearch_dashboards_uri").asText()).contains(":" + info.path("opensearch_password").asText() + "@");
    // The component: the same host as the opensearch (REST) component, port 443, TLS (S10).
    JsonNode rest = service.path("components").get(0);
    JsonNode dashboards = service.path("components").get(1);
    assertThat(dashboards.path("component").asText()).isEqualTo("opensearch_dashboards");
    assertThat(dashboards.path("host").asText()).isEqualTo(rest.path("host").asText());
    assertThat(dashboards.path("port").asInt() + " " + dashboards.path("route").asText() + " "
        + dashboards.path("usage").asText() + " " + dashboards.path("ssl").asBoolean()).isEqualTo("443 dynamic primary true");
    assertThat(rest.path("port").asInt()).isNotEqualTo(443);
  }

  @Test
  void withDashboardsDisabledOrThePowerOffTheUriAndComponentAreAbsent() {
    sim.setDashboardsEnabled(PROJECT, OS, false);
    JsonNode service = raw.get("/project/acme/service/os-logs?include_secrets=true").body().path("service");
    assertThat(service.path("connection_info").has("opensearch_dashboards_uri")).isFalse();
    assertThat(components(service)).containsExactly("opensearch");

    sim.setDashboardsEnabled(PROJECT, OS, true);
    sim.setState(PROJECT, OS, "POWEROFF");
    service = raw.get("/project/acme/service/os-logs?include_secrets=true").body().path("service");
    assertThat(service.path("connection_info").has("opensearch_dashboards_uri")).isFalse();
  }

  private static List<String> components(JsonNode service) {
    List<String> names = new ArrayList<>();
    service.path("components").forEach(c -> names.add(c.path("component").asText()));
    return names;
  }
}
