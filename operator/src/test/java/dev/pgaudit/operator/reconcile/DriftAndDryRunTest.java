package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PlannedChange;
import io.fabric8.kubernetes.api.model.Event;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A short resync period: drift made behind the operator's back is corrected; DryRun writes nothing. */
class DriftAndDryRunTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofSeconds(1));

  @Test
  void sqlAndConsoleDriftIsCorrectedAndReported() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "sql", service).databases(orders).log(READ).build());
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).build());
    env.awaitReady(ns, "sql");
    env.awaitReady(ns, "svc");

    env.sqlAsSuperuser("ALTER DATABASE " + OperatorTestEnv.quote(orders) + " RESET pgaudit.log");
    env.aiven.putUserConfigDirectly(OperatorTestEnv.PROJECT, service, Map.of("pgaudit", Map.of("log", List.of("all"))));

    await().atMost(Duration.ofSeconds(60)).until(() -> "read".equals(env.stored(orders, null).get("pgaudit.log")));
    await().atMost(Duration.ofSeconds(60)).until(() -> List.of("ddl").equals(env.pgaudit(service).get("log")));
    await().until(() -> env.events(ns, "sql").stream().anyMatch(e -> Conditions.EventReason.DRIFT_CORRECTED.equals(e.getReason())));
    await().until(() -> env.events(ns, "svc").stream().anyMatch(e -> Conditions.EventReason.DRIFT_CORRECTED.equals(e.getReason())
        && e.getMessage().contains("pgaudit.log")));
  }

  @Test
  void theSameDriftCorrectedTwiceIsOneEventCountedTwice() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "again", service).databases(orders).log(READ).build());
    env.awaitReady(ns, "again");

    for (int drift = 1; drift <= 2; drift++) {
      env.sqlAsSuperuser("ALTER DATABASE " + OperatorTestEnv.quote(orders) + " RESET pgaudit.log");
      int expected = drift;
      await().atMost(Duration.ofSeconds(15)).until(() -> driftEvents(ns, "again").stream()
          .anyMatch(e -> e.getCount() == expected));
    }

    List<Event> events = driftEvents(ns, "again");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getCount()).isEqualTo(2);
    assertThat(events.get(0).getMessage()).isEqualTo("database " + OperatorTestEnv.quote(orders)
        + " pgaudit.log: (unset) -> read");
    assertThat(events.get(0).getLastTimestamp()).isGreaterThanOrEqualTo(events.get(0).getFirstTimestamp());
  }

  private static List<Event> driftEvents(String ns, String name) {
    return env.events(ns, name).stream().filter(e -> Conditions.EventReason.DRIFT_CORRECTED.equals(e.getReason())).toList();
  }

  @Test
  void steadyStateResyncsReadButNeverWrite() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "steady", service).databases(orders).log(READ).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "steady");
    String resourceVersion = env.get(ns, "steady").getMetadata().getResourceVersion();
    env.aiven.requests().reset();

    await().atMost(Duration.ofSeconds(60)).until(() -> env.aiven.requests().count("GET", AivenSimulator.SERVICES_PATH) >= 3);
    var requests = env.aiven.requests();
    assertThat(requests.entries()).allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));
    assertThat(env.get(ns, "steady").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));
  }

  @Test
  void dryRunReportsThePlanAndWritesNothing() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    Map<String, Object> before = env.aiven.userConfig(OperatorTestEnv.PROJECT, service);
    env.aiven.requests().reset();
    env.create(policy(ns, "dry", service).databases(orders).log(READ).settings(s -> s.setLogRows(true))
        .sink(OperatorTestEnv.OPENSEARCH, "logs", 3).dryRun().build());

    var ready = env.awaitCondition(ns, "dry", Conditions.READY, "True", Conditions.Reason.DRY_RUN);
    assertThat(ready.getMessage()).contains("4 changes");
    assertThat(env.get(ns, "dry").getStatus().getPlan()).containsExactlyInAnyOrder(
        new PlannedChange("service", "pgaudit.feature_enabled", "(unset)", "true"),
        new PlannedChange("database \"" + orders + "\"", "pgaudit.log", "(unset)", "read"),
        new PlannedChange("database \"" + orders + "\"", "pgaudit.log_rows", "(unset)", "on"),
        new PlannedChange("logs integration to " + OperatorTestEnv.PROJECT + "/" + OperatorTestEnv.OPENSEARCH, "create",
            "(unset)", "{elasticsearch_index_prefix=logs, elasticsearch_index_days_max=3}"));
    var status = env.get(ns, "dry").getStatus();
    assertThat(status.getPlanSummary().getChanges()).isEqualTo(4);
    assertThat(status.getPlanSummary().getTruncated()).isFalse();
    assertThat(status.getPlanSummary().getByLayer()).containsExactly(
        Map.entry("service", 1), Map.entry("sql", 2), Map.entry("sink", 1));
    assertThat(status.getTargets()).isEqualTo("db " + OperatorTestEnv.quote(orders));
    assertThat(status.getLogSummary()).isEqualTo("read");
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).isEqualTo(before);
    assertThat(env.stored(orders, null)).isEmpty();
    assertThat(env.aiven.requests().entries()).allSatisfy(e -> assertThat(e.method()).isEqualTo("GET"));

    env.delete(ns, "dry");
    env.awaitGone(ns, "dry");
    assertThat(env.aiven.userConfig(OperatorTestEnv.PROJECT, service)).isEqualTo(before);
  }
}
