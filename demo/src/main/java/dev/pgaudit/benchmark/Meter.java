package dev.pgaudit.benchmark;

import dev.pgaudit.testkit.aiven.RequestLog;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every counter at once, so that what a phase cost is the difference of two readings. */
final class Meter {
  static final String SQL_STATEMENTS = "pgaudit_sql_statements_total";
  static final String RECONCILES_STARTED = "operator_sdk_reconciliations_started_total";
  static final String RECONCILES_RUNNING = "operator_sdk_reconciliations_executions_pgauditpolicy";
  static final String RETRY_WAIT = "pgaudit_aiven_api_retry_wait_seconds_sum";
  static final String PACER_WAIT = "pgaudit_aiven_api_pacer_wait_seconds_sum";

  /** All counters at one moment. */
  record Reading(long nanos, int aivenIndex, Map<KubeWrites.Kind, Long> kube, SqlStats.Counts sql, PromMetrics metrics) {}

  private final BenchEnvironment env;
  private final OperatorProcess operator;

  Meter(BenchEnvironment env, OperatorProcess operator) {
    this.env = env;
    this.operator = operator;
  }

  /** A reading before the operator process starts: its metrics start at zero. */
  static Reading beforeStart(BenchEnvironment env) {
    return new Reading(System.nanoTime(), env.aiven.requests().total(), env.kubeWrites.snapshot(), env.sqlStats.counts(),
        PromMetrics.EMPTY);
  }

  Reading read() {
    PromMetrics metrics = operator.metrics();
    return new Reading(System.nanoTime(), env.aiven.requests().total(), env.kubeWrites.snapshot(), env.sqlStats.counts(), metrics);
  }

  Usage between(Reading a, Reading b) {
    List<RequestLog.Entry> entries = env.aiven.requests().entries().subList(a.aivenIndex(), b.aivenIndex());
    Map<String, Integer> byKey = new LinkedHashMap<>();
    Map<String, Integer> getsByService = new HashMap<>();
    int limited = 0;
    for (RequestLog.Entry e : entries) {
      byKey.merge(e.key(), 1, Integer::sum);
      if (e.status() == 429) limited++;
      if (e.key().equals(Usage.GET_SERVICE) || e.key().equals(Usage.LIST_SERVICES)) getsByService.merge(e.path(), 1, Integer::sum);
    }
    int maxGets = getsByService.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Map<KubeWrites.Kind, Long> kube = new EnumMap<>(KubeWrites.Kind.class);
    b.kube().forEach((kind, n) -> kube.put(kind, n - a.kube().getOrDefault(kind, 0L)));
    return new Usage(Duration.ofNanos(b.nanos() - a.nanos()), byKey, limited, maxGets, kube, b.sql().minus(a.sql()),
        delta(a, b, SQL_STATEMENTS), delta(a, b, RECONCILES_STARTED),
        retryWait(a, b, limited),
        b.metrics().sum(PACER_WAIT) - a.metrics().sum(PACER_WAIT));
  }

  /**
   * Waits until no reconciliation runs and nothing was sent to Aiven or Kubernetes for
   * {@code quietFor}: the trailing work of a phase (peers re-triggered, retries) belongs to it.
   */
  Reading awaitQuiet(Duration quietFor, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Reading last = read();
    long quietSince = last.nanos();
    while (true) {
      OperatorProcess.pause(100);
      Reading now = read();
      boolean busy = now.metrics().sum(RECONCILES_RUNNING) > 0 || changed(last, now);
      if (busy) quietSince = now.nanos();
      last = now;
      if (now.nanos() - quietSince >= quietFor.toNanos()) return now;
      if (now.nanos() > deadline) throw new IllegalStateException("the operator did not come to rest within " + timeout);
    }
  }

  private static double retryWait(Reading a, Reading b, int limited) {
    boolean exported = b.metrics().has("pgaudit_aiven_api_retry_wait_seconds");
    if (!exported) return limited == 0 ? 0 : Double.NaN;
    return b.metrics().sum(RETRY_WAIT) - a.metrics().sum(RETRY_WAIT);
  }

  private static boolean changed(Reading a, Reading b) {
    return a.aivenIndex() != b.aivenIndex() || !a.kube().equals(b.kube())
        || a.metrics().sum(RECONCILES_STARTED) != b.metrics().sum(RECONCILES_STARTED);
  }

  private static long delta(Reading a, Reading b, String metric) {
    return Math.round(b.metrics().sum(metric) - a.metrics().sum(metric));
  }
}
