package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.testkit.aiven.AivenSimulator.SERVICES_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.TestLogins;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import dev.pgaudit.testkit.aiven.RequestLog;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One list request per (project, token) serves every service of the project, against the simulator. */
class ProjectReadingsTest {
  static final String TOKEN = "tok-readings-5d2a";
  static final String PROJECT = "acme";
  static final PgLogin SQL_SIDE =
      new PgLogin("127.0.0.1", 54321, "avnadmin", "s3cr3tPw", "defaultdb", "disable");
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  AivenSimulator sim;
  AivenClient aiven;
  Instant now = T0;
  final ProjectReadings readings = new ProjectReadings(new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  });

  @BeforeEach
  void start() {
    sim = AivenSimulator.start();
    sim.addToken(TOKEN).addProject(PROJECT);
    for (int i = 0; i < 5; i++) sim.addPgService(PROJECT, "pg-" + i, "16", SQL_SIDE);
    sim.addOpenSearchService(PROJECT, "os-audit");
    aiven = new AivenClient(AivenClientConfig.defaults(sim.baseUrl())
        .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100)), TOKEN, "test");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  AivenService read(String service, Instant notSentBefore, boolean credentials) {
    return readings.service(new ServiceKey(PROJECT, service), aiven, "fp", notSentBefore, credentials);
  }

  @Test
  void concurrentReadersOfEveryServiceShareOneListRequest() throws Exception {
    // The first answer is slow, so every reader arrives while it is in flight.
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(700)), "GET", SERVICES_PATH);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<AivenService>> answers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String service = "pg-" + (i % 5);
        answers.add(pool.submit(() -> read(service, T0, false)));
      }
      for (int i = 0; i < 10; i++) assertThat(answers.get(i).get().name()).isEqualTo("pg-" + (i % 5));
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.requests().counts()).containsExactly(Map.entry("GET " + SERVICES_PATH, 1));
  }

  @Test
  void aReadingIsTrustedUntilTheCallerAsksForANewerOne() {
    read("pg-0", T0, false);
    now = T0.plusSeconds(200);
    sim.putUserConfigDirectly(PROJECT, "pg-1", Map.of("pgaudit", Map.of("feature_enabled", true)));
    assertThat(read("pg-1", T0, false).pgaudit()).isEmpty();
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(1);

    // A change made outside the operator is seen by the first reading sent after the window.
    assertThat(read("pg-1", T0.plusSeconds(100), false).pgaudit()).containsEntry("feature_enabled", true);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
  }

  @Test
  void theOperatorsOwnWriteIsKeptAndAFailedOneAsksForTheTruth() {
    AivenService before = read("pg-2", T0, false);
    now = T0.plusSeconds(1);
    AivenService written = aiven.updatePgaudit(PROJECT, "pg-2", Map.of("feature_enabled", true));
    readings.wrote(new ServiceKey(PROJECT, "pg-2"), "fp", written);
    assertThat(before.pgaudit()).isEmpty();
    assertThat(read("pg-2", T0, false).pgaudit()).containsEntry("feature_enabled", true);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(1);

    readings.unsure(new ServiceKey(PROJECT, "pg-3"));
    now = T0.plusSeconds(2);
    read("pg-3", T0, false);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
    // The write (after the first reading) is not undone by an older reading, and pg-2 costs nothing more.
    assertThat(read("pg-2", T0, false).pgaudit()).containsEntry("feature_enabled", true);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
  }

  @Test
  void credentialsAreReadOnlyWhenNeededAndKeptUntilRefused() {
    assertThat(read("pg-0", T0, false).connection()).isNull();
    assertThat(read("pg-0", T0, true).connection()).isEqualTo(TestLogins.params(SQL_SIDE));
    // One reading with secrets brought every service's credentials.
    assertThat(read("pg-4", T0, true).connection()).isEqualTo(TestLogins.params(SQL_SIDE));
    now = T0.plusSeconds(400);
    assertThat(read("pg-4", now, true).connection()).isEqualTo(TestLogins.params(SQL_SIDE));
    assertThat(sim.requests().entries()).extracting(RequestLog.Entry::withSecrets).containsExactly(false, true, false);

    readings.forgetCredentials(new ServiceKey(PROJECT, "pg-4"));
    assertThat(read("pg-4", T0, true).connection()).isEqualTo(TestLogins.params(SQL_SIDE));
    assertThat(sim.requests().entries()).extracting(RequestLog.Entry::withSecrets).containsExactly(false, true, false, true);
  }

  @Test
  void aServiceMissingFromItsProjectIsNotFound() {
    assertThatThrownBy(() -> read("pg-gone", T0, false))
        .isInstanceOfSatisfying(AivenApiException.class, e -> assertThat(e.isNotFound()).isTrue())
        .hasMessageContaining("acme/pg-gone not found");
    sim.removeService(PROJECT, "pg-1");
    now = T0.plusSeconds(1);
    assertThatThrownBy(() -> read("pg-1", now, false)).isInstanceOf(AivenApiException.class);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
  }

  @Test
  void aDestinationIsFoundInTheReadingItsSourceSharesAndAMissingOneCostsNoRequest() {
    read("pg-0", T0, false);
    assertThat(readings.find(new ServiceKey(PROJECT, "os-audit"), aiven, "fp", T0)).get()
        .extracting(AivenService::state).isEqualTo("RUNNING");
    assertThat(readings.find(new ServiceKey(PROJECT, "os-nowhere"), aiven, "fp", T0)).isEmpty();
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(1);

    // Asked for a newer reading (a re-check of what speaks against creating): one more list.
    now = T0.plusSeconds(3);
    sim.setState(PROJECT, "os-audit", "POWEROFF");
    assertThat(readings.find(new ServiceKey(PROJECT, "os-audit"), aiven, "fp", T0.plusSeconds(1))).get()
        .extracting(AivenService::state).isEqualTo("POWEROFF");
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
    assertThat(sim.requests().count("GET", AivenSimulator.SERVICE_PATH)).isZero();
  }

  @Test
  void servicesWaitingOnTheirIntegrationsShareOneRereadPerInterval() {
    Duration interval = Duration.ofSeconds(2);
    read("pg-0", T0, false);
    // Each of the five services wrote (created an integration) after that reading.
    for (int i = 0; i < 5; i++) {
      now = T0.plusMillis(100 * (i + 1));
      readings.wrote(new ServiceKey(PROJECT, "pg-" + i), "fp", read("pg-" + i, T0, false));
    }
    now = T0.plusSeconds(3);
    for (int i = 0; i < 5; i++) readings.reread(new ServiceKey(PROJECT, "pg-" + i), aiven, "fp", interval, false);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);

    // Within the interval the re-read serves again; after it, one more serves all.
    now = T0.plusSeconds(4);
    for (int i = 0; i < 5; i++) readings.reread(new ServiceKey(PROJECT, "pg-" + i), aiven, "fp", interval, false);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
    now = T0.plusSeconds(6);
    for (int i = 0; i < 5; i++) readings.reread(new ServiceKey(PROJECT, "pg-" + i), aiven, "fp", interval, false);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(3);

    // A write after the last re-read: only a reading sent after it can tell more, even within the interval.
    now = T0.plusMillis(6500);
    ServiceKey pg3 = new ServiceKey(PROJECT, "pg-3");
    readings.wrote(pg3, "fp", aiven.updatePgaudit(PROJECT, "pg-3", Map.of("feature_enabled", true)));
    now = T0.plusSeconds(7);
    assertThat(readings.reread(pg3, aiven, "fp", interval, false).pgaudit()).containsEntry("feature_enabled", true);
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(4);
  }

  @Test
  void concurrentRereadsShareOneRequest() throws Exception {
    read("pg-0", T0, false);
    now = T0.plusSeconds(10);
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(700)), "GET", SERVICES_PATH);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<AivenService>> answers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ServiceKey key = new ServiceKey(PROJECT, "pg-" + i);
        answers.add(pool.submit(() -> readings.reread(key, aiven, "fp", Duration.ofSeconds(2), false)));
      }
      for (int i = 0; i < 5; i++) assertThat(answers.get(i).get().name()).isEqualTo("pg-" + i);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.requests().count("GET", SERVICES_PATH)).isEqualTo(2);
  }
}
