package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Authentication (§1.2), not-found answers (§1.5) and updates in each service state (§5.2). */
class SimulatorAuthAndStatesTest extends SimulatorFixture {

  @Test
  void missingOrUnknownTokenGets401() {
    for (RawAiven client : new RawAiven[] {new RawAiven(sim.baseUrl(), null), new RawAiven(sim.baseUrl(), "nope")}) {
      RawAiven.Answer answer = client.get(PG_PATH);
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.message()).isEqualTo("Missing (expired) db token");
      assertThat(answer.body().path("errors").get(0).path("status").asInt()).isEqualTo(401);
    }
  }

  @Test
  void revokedTokenGets401() {
    assertThat(raw.get(PG_PATH).status()).isEqualTo(200);

    sim.revokeToken(TOKEN);

    assertThat(raw.get(PG_PATH).status()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aivenv1", "Bearer", "AIVENV1", "bearer"})
  void bothAuthSchemesAreAccepted(String scheme) {
    assertThat(new RawAiven(sim.baseUrl(), TOKEN, scheme).get(PG_PATH).status()).isEqualTo(200);
  }

  @Test
  void otherSchemeIsNotAccepted() {
    assertThat(new RawAiven(sim.baseUrl(), TOKEN, "Basic").get(PG_PATH).status()).isEqualTo(401);
  }

  @Test
  void tokenForAnotherProjectGets403() {
    sim.addProject("other");
    sim.addToken("tok-other", Set.of("other"), true);

    RawAiven.Answer answer = new RawAiven(sim.baseUrl(), "tok-other").get(PG_PATH);

    assertThat(answer.status()).isEqualTo(403);
  }

  @Test
  void includeSecretsWithoutPermissionGets403ButPlainReadWorks() {
    sim.addToken("tok-reader", null, false);
    RawAiven reader = new RawAiven(sim.baseUrl(), "tok-reader");

    assertThat(reader.get(PG_PATH).status()).isEqualTo(200);
    assertThat(reader.get(PG_PATH + "?include_secrets=true").status()).isEqualTo(403);
  }

  @Test
  void unknownServiceOrProjectGets404WithAivensMessage() {
    RawAiven.Answer unknownService = raw.get("/project/acme/service/pg-nope");
    assertThat(unknownService.status()).isEqualTo(404);
    assertThat(unknownService.message()).isEqualTo("Service pg-nope does not exist");

    RawAiven.Answer unknownProject = raw.get("/project/nope/service/pg-orders");
    assertThat(unknownProject.status()).isEqualTo(404);
    assertThat(unknownProject.message()).isEqualTo("Service pg-orders does not exist");

    assertThat(raw.put("/project/acme/service/pg-nope", "{\"user_config\": {}}").status()).isEqualTo(404);
    assertThat(raw.get("/project/acme/service/pg-nope/integration").status()).isEqualTo(404);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    assertThat(raw.get("/project/acme/nothing").status()).isEqualTo(404);
    assertThat(raw.delete(PG_PATH).status()).isEqualTo(405);
  }

  @Test
  void listServicesShowsAllServicesOfTheProject() {
    RawAiven.Answer answer = raw.get("/project/acme/service?limit=999");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("services").findValuesAsText("service_name")).containsExactly(PG, OS);
  }

  @Test
  void poweredOffServiceRejectsUserConfigUpdatesByDefault() {
    sim.setState(PROJECT, PG, "POWEROFF");

    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'feature_enabled': true}}");

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.message()).isEqualTo("Database not powered on");
    assertThat(answer.body().path("errors").get(0).path("error_code").asText()).isEqualTo("not_powered");
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKey("pgaudit");
  }

  @Test
  void poweredOffServiceAcceptsUpdatesWhenConfigured() {
    sim.setState(PROJECT, PG, "POWEROFF");
    sim.options().poweroffUpdate(SimulatorOptions.PoweroffUpdate.ACCEPT);

    assertThat(putUserConfig("{'pgaudit': {'feature_enabled': true}}").status()).isEqualTo(200);

    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("pgaudit", Map.of("feature_enabled", true));
    assertThat(sim.state(PROJECT, PG)).isEqualTo("POWEROFF");
  }

  @ParameterizedTest
  @ValueSource(strings = {"REBUILDING", "REBALANCING", "RUNNING"})
  void updatesAreAcceptedInOtherStatesAndKeepTheState(String state) {
    sim.setState(PROJECT, PG, state);

    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'feature_enabled': true}}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("service").path("state").asText()).isEqualTo(state);
  }

  @Test
  void poweringOffAndOnChangesTheState() {
    assertThat(raw.put(PG_PATH, "{\"powered\": false}").body().path("service").path("state").asText())
        .isEqualTo("POWEROFF");
    assertThat(raw.put(PG_PATH, "{\"powered\": true}").body().path("service").path("state").asText())
        .isEqualTo("RUNNING");
  }

  @Test
  void unknownStateIsRefused() {
    assertThatThrownBy(() -> sim.setState(PROJECT, PG, "SLEEPING")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathSegmentsAreDecoded() {
    sim.addOpenSearchService(PROJECT, "os with space");

    assertThat(raw.get("/project/acme/service/os%20with%20space").status()).isEqualTo(200);
  }
}
