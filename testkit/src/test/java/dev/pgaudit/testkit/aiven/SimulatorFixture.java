package dev.pgaudit.testkit.aiven;

import dev.pgaudit.testkit.postgres.PgLogin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulator per test with project acme, pg service pg-orders (PG 16) and OpenSearch os-logs. */
abstract class SimulatorFixture {
  static final String TOKEN = "tok-3f9a1c7e5b2d4086";
  static final String PROJECT = "acme";
  static final String PG = "pg-orders";
  static final String OS = "os-logs";
  static final String PG_PATH = "/project/acme/service/pg-orders";
  static final PgLogin SQL_SIDE =
      new PgLogin("127.0.0.1", 54321, "avnadmin", "s3cr3tPw", "defaultdb", "disable");

  AivenSimulator sim;
  RawAiven raw;

  @BeforeEach
  void startSimulator() {
    sim = AivenSimulator.start();
    sim.addToken(TOKEN);
    sim.addProject(PROJECT);
    sim.addPgService(PROJECT, PG, "16", SQL_SIDE);
    sim.addOpenSearchService(PROJECT, OS);
    raw = new RawAiven(sim.baseUrl(), TOKEN);
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  RawAiven.Answer putUserConfig(String singleQuotedJson) {
    return raw.put(PG_PATH, RawAiven.json("{'user_config': " + singleQuotedJson + "}"));
  }
}
