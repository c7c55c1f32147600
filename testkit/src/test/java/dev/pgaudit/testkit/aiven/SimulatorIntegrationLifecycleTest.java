package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference §7.4: starting → running, injected failures, and POSTs to a destination that is not running. */
class SimulatorIntegrationLifecycleTest extends SimulatorFixture {
  private static final String CREATE = "{'integration_type': 'logs', 'source_service': 'pg-orders',"
      + " 'dest_service': 'os-logs', 'user_config': {}}";

  private RawAiven.Answer create() {
    return raw.post("/project/acme/integration", RawAiven.json(CREATE));
  }

  private JsonNode get(String id) {
    return raw.get("/project/acme/integration/" + id).body().path("service_integration");
  }

  private static String status(JsonNode integration) {
    return integration.path("integration_status").path("state").path("status").asText();
  }

  @Test
  void aNewIntegrationStartsInactiveThenRuns_andAnUpdateRestartsIt() {
    sim.options().integrationActivationDelay(Duration.ofMillis(500));
    JsonNode created = create().body().path("service_integration");
    String id = created.path("service_integration_id").asText();
    assertThat(created.path("active").asBoolean()).isFalse();
    assertThat(status(created)).isEqualTo("starting");
    assertThat(created.path("integration_status").path("state").path("errors").size()).isZero();

    await().atMost(Duration.ofSeconds(10)).until(() -> get(id).path("active").asBoolean());
    assertThat(status(get(id))).isEqualTo("running");

    JsonNode updated = raw.put("/project/acme/integration/" + id,
        RawAiven.json("{'user_config': {'elasticsearch_index_days_max': 5}}")).body().path("service_integration");
    assertThat(updated.path("active").asBoolean()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> get(id).path("active").asBoolean());
  }

  @Test
  void anInjectedFailureIsNeverActiveAndSaysWhy() {
    sim.options().integrationActivationDelay(Duration.ofMillis(200))
        .integrationFailure(new SimulatorOptions.IntegrationFailure(List.of("Connection refused by os-logs"), "destination"));
    String id = create().body().path("service_integration").path("service_integration_id").asText();

    await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(status(get(id))));
    JsonNode failed = get(id);
    assertThat(failed.path("active").asBoolean()).isFalse();
    assertThat(failed.path("integration_status").path("state").path("errors").get(0).asText())
        .isEqualTo("Connection refused by os-logs");
    assertThat(failed.path("integration_status").path("state").path("likely_error_cause").asText()).isEqualTo("destination");
    assertThat(sim.integrations(PROJECT)).singleElement().satisfies(i -> assertThat(i.active()).isFalse());

    sim.recoverIntegration(PROJECT, id);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(id).path("active").asBoolean());
  }

  @Test
  void failIntegrationTurnsARunningOneFailed() {
    sim.options().integrationActivationDelay(Duration.ZERO);
    String id = create().body().path("service_integration").path("service_integration_id").asText();
    assertThat(sim.integrationStatus(PROJECT, id)).isEqualTo("running");

    sim.failIntegration(PROJECT, id, List.of("index write blocked"), "integration");

    assertThat(sim.integrationStatus(PROJECT, id)).isEqualTo("failed");
    assertThat(get(id).path("active").asBoolean()).isFalse();
  }

  @Test
  void aPoweredOffDestinationIsRefusedByDefault_aRebuildingOneAcceptedButInactiveUntilItRuns() {
    sim.options().integrationActivationDelay(Duration.ZERO);
    sim.setState(PROJECT, OS, "POWEROFF");
    RawAiven.Answer refused = create();
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().path("errors").get(0).path("error_code").asText()).isEqualTo("not_powered");
    assertThat(sim.integrations(PROJECT)).isEmpty();

    sim.setState(PROJECT, OS, "REBUILDING");
    String id = create().body().path("service_integration").path("service_integration_id").asText();
    assertThat(sim.integrationStatus(PROJECT, id)).isEqualTo("starting");
    sim.setState(PROJECT, OS, "RUNNING");
    assertThat(sim.integrationStatus(PROJECT, id)).isEqualTo("running");
    sim.setState(PROJECT, OS, "POWEROFF");
    assertThat(get(id).path("active").asBoolean()).isFalse();
  }

  @Test
  void theDestinationRuleIsConfigurable() {
    sim.options().nonOperationalDestination(SimulatorOptions.NonOperationalDestination.REJECT);
    sim.setState(PROJECT, OS, "REBUILDING");
    assertThat(create().status()).isEqualTo(409);

    sim.options().nonOperationalDestination(SimulatorOptions.NonOperationalDestination.ACCEPT);
    sim.setState(PROJECT, OS, "POWEROFF");
    RawAiven.Answer accepted = create();
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(status(accepted.body().path("service_integration"))).isEqualTo("starting");
  }
}
