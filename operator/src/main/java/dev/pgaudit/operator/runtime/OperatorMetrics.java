package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.postgres.SettingWrite;
import dev.pgaudit.operator.reconcile.CoverageListener;
import dev.pgaudit.operator.reconcile.StatusWriteListener;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every metric the operator exports, in one Prometheus registry: JOSDK's reconcile metrics
 * (operator_sdk_*), the Aiven API calls and SQL statements the reconciler makes, leadership,
 * and the JVM's basics.
 */
public final class OperatorMetrics implements AutoCloseable {
  static final String AIVEN_CALLS = "pgaudit.aiven.api.calls";
  static final String AIVEN_CALL_DURATION = "pgaudit.aiven.api.call.duration";
  static final String AIVEN_RETRY_WAIT = "pgaudit.aiven.api.retry.wait";
  static final String AIVEN_PACER_WAIT = "pgaudit.aiven.api.pacer.wait";
  static final String SQL_STATEMENTS = "pgaudit.sql.statements";
  static final String LEADER = "pgaudit.operator.leader";
  static final String STATUS_WRITE_FAILURES = "pgaudit.status.write.failures";
  /** Prometheus names: these series are rendered at scrape time, not Micrometer meters ({@link CoverageGauges}). */
  static final String POLICY_PAIRS = "pgaudit_policy_coverage_pairs";
  static final String POLICY_OLD_SESSIONS = "pgaudit_policy_old_sessions";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Metrics josdkMetrics = MicrometerMetrics.withoutPerResourceMetrics(registry);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final AtomicBoolean leader = new AtomicBoolean(false);
  private final CoverageGauges coverageGauges = new CoverageGauges(POLICY_PAIRS, POLICY_OLD_SESSIONS);

  public OperatorMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder(LEADER, leader, l -> l.get() ? 1 : 0)
        .description("1 while this replica holds the leader Lease (or leader election is off), else 0")
        .register(registry);
    registry.getPrometheusRegistry().register(coverageGauges);
  }

  /** What JOSDK reports into: reconciliations started/succeeded/failed, execution times, events. */
  public Metrics josdk() {
    return josdkMetrics;
  }

  /**
   * Counts and times each Aiven API call by method, path template and HTTP status ("io_error" when
   * none came back), and times the waits before retries and for the client's own rate limiter.
   */
  public AivenClientConfig.CallObserver aivenCalls() {
    return new AivenClientConfig.CallObserver() {
      @Override
      public void onCall(String method, String pathTemplate, int status, Duration took) {
        Counter.builder(AIVEN_CALLS)
            .description("Aiven API calls by method, endpoint (path template) and HTTP status")
            .tag("method", method).tag("endpoint", endpoint(pathTemplate))
            .tag("status", status < 0 ? "io_error" : Integer.toString(status))
            .register(registry).increment();
        Timer.builder(AIVEN_CALL_DURATION)
            .description("Time of Aiven API calls by method and endpoint")
            .tag("method", method).tag("endpoint", endpoint(pathTemplate))
            .register(registry).record(took == null ? Duration.ZERO : took);
      }

      @Override
      public void onRetryWait(String method, String pathTemplate, Duration wait) {
        Timer.builder(AIVEN_RETRY_WAIT)
            .description("Time the Aiven client slept before retrying a failed call (429, 5xx, I/O errors)")
            .tag("method", method).tag("endpoint", endpoint(pathTemplate))
            .register(registry).record(wait);
      }

      @Override
      public void onPacerWait(String method, String pathTemplate, Duration wait) {
        Timer.builder(AIVEN_PACER_WAIT)
            .description("Time Aiven requests waited for the operator's own rate limit (PGAUDIT_AIVEN_RATE_LIMIT)")
            .register(registry).record(wait);
      }
    };
  }

  private static String endpoint(String pathTemplate) {
    return pathTemplate == null ? "unknown" : pathTemplate;
  }

  /** Counts each SQL statement that changed a pgaudit setting, by kind (set or reset). */
  public PgSessionOpener.StatementListener sqlStatements() {
    return write -> Counter.builder(SQL_STATEMENTS)
        .description("SQL statements that changed a pgaudit setting, by kind")
        .tag("kind", write instanceof SettingWrite.Reset ? "reset" : "set")
        .register(registry).increment();
  }

  /** Counts status writes the API server refused, by reason (too_large, conflict, invalid, ...). */
  public StatusWriteListener statusWriteFailures() {
    return reason -> Counter.builder(STATUS_WRITE_FAILURES)
        .description("PgAuditPolicy status writes the Kubernetes API refused, by reason")
        .tag("reason", reason)
        .register(registry).increment();
  }

  /**
   * Per policy: its covered (database, login role) pairs by state (covered, shadowed_by_policy,
   * shadowed_outside, not_in_place), and its old sessions (NaN when unknown); removed while its
   * coverage is not known and when the policy goes.
   */
  public CoverageListener policyCoverage() {
    return coverageGauges;
  }

  public void leader(boolean isLeader) {
    leader.set(isLeader);
  }

  /** The Prometheus text exposition (format 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
