package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.sandbox.aiven.AivenSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policies at rest on one service share one observation per window: resyncs every 300 ms of six
 * policies read the service about once per window, yet drift is still found once the window ends.
 */
class ObservationSharingTest {
  static final Duration WINDOW = Duration.ofSeconds(3);
  static OperatorTestEnv env;

  @BeforeAll
  static void start() {
    env = OperatorTestEnv.start(Duration.ofMillis(300), WINDOW);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void policiesAtRestShareOneReadOfTheirServicePerWindow() {
    String ns = env.namespace();
    String service = env.pgService();
    List<String> dbs = List.of(env.database("a"), env.database("b"), env.database("c"), env.database("d"));
    for (int i = 0; i < dbs.size(); i++) {
      env.create(policy(ns, "db" + i, service).databases(dbs.get(i)).log(READ).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    }
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).build());
    env.create(policy(ns, "role", service).roles(env.role("app")).log(READ).build());
    for (String name : List.of("db0", "db1", "db2", "db3", "svc", "role")) env.awaitReady(ns, name);

    env.aiven.requests().reset();
    var requests = env.aiven.requests();
    // 6 policies resyncing every 300 ms: ~60 reconciles in 3 s; unshared they would read ~60 times.
    await().during(WINDOW).atMost(WINDOW.plusSeconds(2)).until(() ->
        requests.count("GET", AivenSimulator.SERVICE_PATH) <= 2
            && requests.count("GET", AivenSimulator.SERVICE_INTEGRATIONS_PATH) <= 2
            && requests.entries().stream().allMatch(e -> e.method().equals("GET")));

    env.sqlAsSuperuser("ALTER DATABASE " + OperatorTestEnv.quote(dbs.get(2)) + " RESET pgaudit.log");
    await().atMost(WINDOW.multipliedBy(3)).until(() -> Map.of("pgaudit.log", "read").equals(env.stored(dbs.get(2), null)));
  }
}
