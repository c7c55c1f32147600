package dev.pgaudit.operator.aiven;

import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client copes with either answer to the reference's [U]nconfirmed points. */
class AivenClientUnconfirmedBehaviourTest extends ClientFixture {

  @Test
  void defaultsFilledIntoGetAreReadAsPlainValues() {
    sim.options().fillDefaultsInGet(true);

    AivenService service = client.updatePgaudit(PROJECT, PG, Map.of("log", List.of("ddl")));

    assertThat(service.pgaudit()).hasSize(13).containsEntry("log", List.of("ddl"))
        .containsEntry("log_catalog", true).containsEntry("log_max_string_length", -1);
    assertThat(sim.userConfig(PROJECT, PG).get("pgaudit")).isEqualTo(Map.of("log", List.of("ddl")));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void adoptionWorksWhetherListsShowTheDestinationSideOrNot(boolean bothDirections) {
    sim.options().listIncludesDestinationSide(bothDirections);
    String existing = sim.addLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of());

    assertThat(client.createLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of()).id()).isEqualTo(existing);
    assertThat(client.listServiceIntegrations(PROJECT, OS)).hasSize(bothDirections ? 1 : 0);
  }

  @Test
  void integrationThatIsNotActiveYetIsReportedAsSuch() {
    sim.options().integrationActivationDelay(Duration.ofMinutes(1));

    ServiceIntegration created = client.createLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of());

    assertThat(created.enabled()).isTrue();
    assertThat(created.active()).isFalse();
  }

  @Test
  void rateLimiterWithoutRetryAfterIsRiddenOutByBackoff() {
    sim.rateLimit(10, 1);
    AivenClient patient = client(fastConfig().withRetries(8, Duration.ofMillis(50), Duration.ofMillis(200)));

    for (int i = 0; i < 4; i++) assertThat(patient.getService(PROJECT, PG).name()).isEqualTo(PG);

    assertThat(sim.requests().count("GET", SERVICE_PATH, 200)).isEqualTo(4);
  }
}
