package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.testkit.postgres.PgLogin;
import org.junit.jupiter.api.Test;

class AivenSimulatorMainTest {

  @Test
  void argumentsSetUpProjectTokenAndServices() {
    AivenSimulator sim = AivenSimulatorMain.configure(new String[] {
        "--port", "0", "--token", "demo-token", "--project", "demo", "--pg-version", "15",
        "--pg", "pg-demo=postgres://avnadmin:p%40ss@127.0.0.1:5433/defaultdb?sslmode=disable",
        "--opensearch", "os-demo"});
    try {
      RawAiven.Answer answer = new RawAiven(sim.baseUrl(), "demo-token").get("/project/demo/service/pg-demo?include_secrets=true");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().path("service").path("user_config").path("pg_version").asText()).isEqualTo("15");
      assertThat(answer.body().path("service").path("service_uri_params").path("password").asText()).isEqualTo("p@ss");
      assertThat(sim.state("demo", "os-demo")).isEqualTo("RUNNING");
    } finally {
      sim.close();
    }
  }

  @Test
  void connectionUriIsParsed() {
    assertThat(AivenSimulatorMain.parse("postgres://u:pw@db.local:6543/app?sslmode=verify-full"))
        .isEqualTo(new PgLogin("db.local", 6543, "u", "pw", "app", "verify-full"));
  }

  @Test
  void unknownOptionIsRefused() {
    assertThatThrownBy(() -> AivenSimulatorMain.configure(new String[] {"--port", "0", "--colour", "red"}))
        .hasMessage("unknown option --colour");
  }
}
