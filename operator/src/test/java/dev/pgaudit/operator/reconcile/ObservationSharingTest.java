package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policies on one service share one reading of their project per window: six new policies converge
 * on at most two list requests, resyncs every 300 ms list the project about once per window (6 s)
 * without asking for secrets again, and drift is still found once the window ends.
 */
class ObservationSharingTest {
  static final Duration WINDOW = Duration.ofSeconds(6);
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMillis(300), WINDOW);

  @BeforeAll
  static void start() {
    // Counts reads exactly: no pgaudit activation window, whose failed SQL writes drop the shared
    // observation and cost a re-read (ExtensionEnablingTest covers the window).
    env.aiven.options().pgauditActivationDelay(Duration.ZERO);
    // Likewise no integration activation delay: a starting integration is re-checked through a
    // re-read of the project until it is active (SinkRequestsTest counts that); here the new one is
    // active at once.
    env.aiven.options().integrationActivationDelay(Duration.ZERO);
  }

  /** The GETs of one service. */
  private static long reads(RequestLog requests, String service) {
    return requests.entries().stream().filter(e -> e.method().equals("GET")
        && e.pathTemplate().equals(AivenSimulator.SERVICE_PATH) && e.path().endsWith("/service/" + service)).count();
  }

  @Test
  void policiesAtRestShareOneReadOfTheirServicePerWindow() throws InterruptedException {
    String ns = env.namespace();
    String service = env.pgService();
    List<String> dbs = List.of(env.database("a"), env.database("b"), env.database("c"), env.database("d"));
    String app = env.role("app");
    env.aiven.requests().reset();
    for (int i = 0; i < dbs.size(); i++) {
      env.create(policy(ns, "db" + i, service).databases(dbs.get(i)).log(READ).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    }
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).build());
    env.create(policy(ns, "role", service).roles(app).log(READ).build());
    for (String name : List.of("db0", "db1", "db2", "db3", "svc", "role")) env.awaitReady(ns, name);
    // Converging six new policies: each later policy finds the first one's writes in the shared observation.
    var initial = env.aiven.requests();
    // At most two project reads: one may be sent without secrets before a database policy needs them.
    assertThat(initial.count("GET", AivenSimulator.SERVICES_PATH)).as(initial.entries().toString()).isLessThanOrEqualTo(2);
    assertThat(reads(initial, service)).as(initial.entries().toString()).isZero();
    assertThat(initial.count("GET", AivenSimulator.SERVICE_INTEGRATIONS_PATH)).isZero();
    // The sink's destination is checked before the one POST, in the project's reading: no GET of its own.
    assertThat(reads(initial, OperatorTestEnv.OPENSEARCH)).as(initial.entries().toString()).isZero();
    assertThat(initial.count("PUT", AivenSimulator.SERVICE_PATH)).as(initial.entries().toString()).isLessThanOrEqualTo(2);
    assertThat(initial.count("POST", AivenSimulator.INTEGRATIONS_PATH)).isEqualTo(1);

    env.aiven.requests().reset();
    var requests = env.aiven.requests();
    // 6 policies resyncing every 300 ms: ~120 reconciles in 6 s; unshared they would read ~120 times.
    // One window is watched; a loaded machine may stretch it, and each window that really passed
    // allows one more read of the project (a read per window, plus the one the window starts in).
    long start = System.nanoTime();
    Thread.sleep(WINDOW.toMillis());
    long stretched = System.nanoTime() - start - WINDOW.toNanos() / 4;
    long windows = Math.max(1, (long) Math.ceil(stretched / (double) WINDOW.toNanos()));
    assertThat(requests.count("GET", AivenSimulator.SERVICES_PATH)).as(requests.entries().toString())
        .isLessThanOrEqualTo((int) windows + 1);
    assertThat(requests.entries()).as("only project reads, none with secrets")
        .allMatch(e -> e.key().equals("GET " + AivenSimulator.SERVICES_PATH) && !e.withSecrets());

    env.sqlAsSuperuser("ALTER DATABASE " + OperatorTestEnv.quote(dbs.get(2)) + " RESET pgaudit.log");
    await().atMost(WINDOW.multipliedBy(3)).until(() -> Map.of("pgaudit.log", "read").equals(env.stored(dbs.get(2), null)));
  }
}
