package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys outside pgaudit that the simulator models carry Aiven's published values (go-api-schemas). */
class SimulatorPublishedBoundsTest extends SimulatorFixture {

  @Test
  void maxConnectionsGoesUpTo60000() {
    assertThat(putUserConfig("{'pg': {'max_connections': 60000}}").status()).isEqualTo(200);
    RawAiven.Answer over = putUserConfig("{'pg': {'max_connections': 60001}}");
    assertThat(over.status()).isEqualTo(400);
    assertThat(over.message()).isEqualTo("Invalid 'user_config': Invalid input for pg.max_connections:"
        + " 60001 is greater than the maximum of 60000");
  }

  @Test
  void ipFilterEntriesMayBeStringsOrNetworkObjects() {
    assertThat(putUserConfig("{'ip_filter': ['10.0.0.0/8', {'network': '10.20.0.0/16', 'description': 'prod'}]}")
        .status()).isEqualTo(200);
    RawAiven.Answer noNetwork = putUserConfig("{'ip_filter': [{'description': 'prod'}]}");
    assertThat(noNetwork.status()).isEqualTo(400);
    assertThat(noNetwork.message()).contains("'network' is a required property");
    assertThat(putUserConfig("{'ip_filter': [{'network': '10.0.0.0/8', 'owner': 'me'}]}").status()).isEqualTo(400);
    assertThat(putUserConfig("{'ip_filter': [42]}").status()).isEqualTo(400);
  }

  @Test
  void adminPasswordFollowsThePublishedPattern() {
    sim.options().createOnlyKeysOnUpdate(SimulatorOptions.CreateOnlyKeys.IGNORE);
    assertThat(putUserConfig("{'admin_password': 'Abc-def_123'}").status()).isEqualTo(200);
    RawAiven.Answer bad = putUserConfig("{'admin_password': 'abc def!123'}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("does not match '^[a-zA-Z0-9-_]+$'");
  }

  @Test
  void openSearchVersionsAreTheCurrentOnes() {
    String os = "/project/acme/service/os-logs";
    assertThat(raw.get(os).body().path("service").path("user_config").path("opensearch_version").asText())
        .isEqualTo("2.19");
    for (String version : new String[] {"2.19", "3.3", "3.6"}) {
      assertThat(raw.put(os, RawAiven.json("{'user_config': {'opensearch_version': '" + version + "'}}")).status())
          .isEqualTo(200);
    }
    assertThat(raw.put(os, RawAiven.json("{'user_config': {'opensearch_version': '4'}}")).status()).isEqualTo(400);
  }

  @Test
  void aServicePutMayCarryCmkId() {
    assertThat(raw.put(PG_PATH, RawAiven.json("{'cmk_id': '6f1c2a4e-0d3b-4c5a-9e7f-1a2b3c4d5e6f'}")).status())
        .isEqualTo(200);
  }
}
