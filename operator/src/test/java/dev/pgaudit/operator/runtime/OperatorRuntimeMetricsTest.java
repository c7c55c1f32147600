package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingWrite;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /metrics through the real wiring: JOSDK's reconcile metrics, the Aiven and SQL counters, JVM basics. */
class OperatorRuntimeMetricsTest {
  private MockKubernetes kube;
  private OperatorRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    kube = MockKubernetes.start();
    runtime = OperatorRuntime.create(TestRuntimes.config("pod-a", false), kube.newClient(),
        TestRuntimes.forMockServer(() -> {}));
    runtime.start();
  }

  @AfterEach
  void stop() {
    runtime.close();
    kube.close();
  }

  private String scrape() {
    Http.Response response = Http.get(runtime.httpPort(), "/metrics");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
    return response.body();
  }

  @Test
  void reconcilesOfAPolicyShowUpAsJosdkMetrics() {
    assertThat(PromText.sumOrZero(scrape(), "operator_sdk_reconciliations_started_total")).isZero();

    kube.createPolicy("team-a", "orders");
    // No token and no Aiven here: the reconcile reports a condition, which is still a reconcile.
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var p = kube.policy("team-a", "orders");
      return p.getStatus() != null && !p.getStatus().getConditions().isEmpty();
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String text = scrape();
      assertThat(PromText.sum(text, "operator_sdk_reconciliations_started_total",
          Map.of("kind", "PgAuditPolicy", "group", "pgaudit.dev"))).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
      double finished = PromText.sumOrZero(text, "operator_sdk_reconciliations_success_total")
          + PromText.sumOrZero(text, "operator_sdk_reconciliations_failed_total");
      assertThat(finished).isGreaterThanOrEqualTo(1);
      assertThat(PromText.sum(text, "operator_sdk_controllers_execution_reconcile_seconds_count",
          Map.of("controller", "pgauditpolicy"))).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    });
  }

  @Test
  void aivenCallsAreCountedAndTimedByMethodEndpointAndStatus() {
    var observer = runtime.reconcilerSettings().aiven().observer();
    observer.onCall("GET", "/project/{project}/service/{service}", 200, Duration.ofMillis(40));
    observer.onCall("GET", "/project/{project}/service/{service}", 200, Duration.ofMillis(60));
    observer.onCall("PUT", "/project/{project}/service/{service}", 429, Duration.ofMillis(5));
    observer.onCall("POST", "/project/{project}/integration", -1, Duration.ofSeconds(10));

    String text = scrape();
    assertThat(PromText.sum(text, "pgaudit_aiven_api_calls_total",
        Map.of("method", "GET", "endpoint", "/project/{project}/service/{service}", "status", "200"))).hasValue(2.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_calls_total",
        Map.of("method", "PUT", "endpoint", "/project/{project}/service/{service}", "status", "429"))).hasValue(1.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_calls_total",
        Map.of("method", "POST", "endpoint", "/project/{project}/integration", "status", "io_error"))).hasValue(1.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_call_duration_seconds_count",
        Map.of("method", "GET", "endpoint", "/project/{project}/service/{service}"))).hasValue(2.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_call_duration_seconds_sum",
        Map.of("method", "GET", "endpoint", "/project/{project}/service/{service}"))).hasValue(0.1);
  }

  @Test
  void retryBackOffAndWaitsForTheOwnRateLimitAreTimed() {
    var observer = runtime.reconcilerSettings().aiven().observer();
    observer.onRetryWait("GET", "/project/{project}/service/{service}", Duration.ofMillis(2500));
    observer.onRetryWait("GET", "/project/{project}/service/{service}", Duration.ofMillis(500));
    observer.onPacerWait("PUT", "/project/{project}/service/{service}", Duration.ofMillis(100));

    String text = scrape();
    assertThat(PromText.sum(text, "pgaudit_aiven_api_retry_wait_seconds_sum",
        Map.of("method", "GET", "endpoint", "/project/{project}/service/{service}"))).hasValue(3.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_retry_wait_seconds_count", Map.of())).hasValue(2.0);
    assertThat(PromText.sum(text, "pgaudit_aiven_api_pacer_wait_seconds_sum", Map.of())).hasValue(0.1);
  }

  @Test
  void theAivenClientsSharePacingAtTheConfiguredRate() {
    var pacer = runtime.reconcilerSettings().aiven().pacer();
    assertThat(pacer.isLimited()).isTrue();
    assertThat(pacer.perSecond()).isEqualTo(OperatorConfig.DEFAULT_AIVEN_RATE_LIMIT);
  }

  @Test
  void sqlStatementsAreCountedBySetOrReset() {
    var listener = runtime.statementListener();
    listener.applied(new SettingWrite.Set(new SqlTarget.Database("orders"), PgAuditSetting.LOG, "ddl",
        "ALTER DATABASE \"orders\" SET pgaudit.log = 'ddl'"));
    listener.applied(new SettingWrite.Set(new SqlTarget.RoleInDatabase("app", "orders"), PgAuditSetting.LOG_LEVEL, "log",
        "ALTER ROLE \"app\" IN DATABASE \"orders\" SET pgaudit.log_level = 'log'"));
    listener.applied(new SettingWrite.Reset(new SqlTarget.Role("reset"), PgAuditSetting.LOG,
        "ALTER ROLE \"reset\" RESET pgaudit.log"));

    String text = scrape();
    assertThat(PromText.sum(text, "pgaudit_sql_statements_total", Map.of("kind", "set"))).hasValue(2.0);
    assertThat(PromText.sum(text, "pgaudit_sql_statements_total", Map.of("kind", "reset"))).hasValue(1.0);
  }

  @Test
  void leadershipAndJvmMetricsAreExported() {
    String text = scrape();
    // Leader election is off here: this replica reconciles, so it counts as leader.
    assertThat(PromText.sum(text, "pgaudit_operator_leader", Map.of())).hasValue(1.0);
    assertThat(PromText.sum(text, "jvm_memory_used_bytes", Map.of("area", "heap"))).hasValueSatisfying(v -> assertThat(v).isPositive());
    assertThat(PromText.sum(text, "jvm_threads_live_threads", Map.of())).hasValueSatisfying(v -> assertThat(v).isPositive());
    assertThat(PromText.sum(text, "process_uptime_seconds", Map.of())).isPresent();
  }
}
