package dev.pgaudit.operator.aiven;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.RequestLog;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A simulator (project acme: pg-orders on PG 16, os-logs) and a client with fast backoff
 * (20–100 ms, 3 retries, 2 s read timeout) whose every HTTP exchange is recorded.
 */
abstract class ClientFixture {
  static final String TOKEN = "tok-7c1e9b2a44d04f6e8d3a";
  static final String TOKEN_SOURCE = "secret team-a/aiven-token";
  static final String PROJECT = "acme";
  static final String PG = "pg-orders";
  static final String OS = "os-logs";
  static final PgLogin SQL_SIDE =
      new PgLogin("127.0.0.1", 54321, "avnadmin", "s3cr3tPw", "defaultdb", "disable");

  record Call(String method, String pathTemplate, int status, Duration took) {}

  AivenSimulator sim;
  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** What the client chose to sleep before each retry: back-off is judged by this, never by a clock. */
  final List<Duration> retryWaits = new CopyOnWriteArrayList<>();
  AivenClient client;

  @BeforeEach
  void startSimulator() {
    sim = AivenSimulator.start();
    sim.addToken(TOKEN).addProject(PROJECT);
    sim.addPgService(PROJECT, PG, "16", SQL_SIDE);
    sim.addOpenSearchService(PROJECT, OS);
    client = client(fastConfig());
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  AivenClientConfig fastConfig() {
    return AivenClientConfig.defaults(sim.baseUrl())
        .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(100))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withObserver(new AivenClientConfig.CallObserver() {
          @Override public void onCall(String method, String template, int status, Duration took) {
            calls.add(new Call(method, template, status, took));
          }

          @Override public void onRetryWait(String method, String template, Duration wait) {
            retryWaits.add(wait);
          }
        });
  }

  AivenClient client(AivenClientConfig config) {
    return new AivenClient(config, TOKEN, TOKEN_SOURCE);
  }

  RequestLog requests() {
    return sim.requests();
  }

  int count(String method, String template) {
    return sim.requests().count(method, template);
  }
}
