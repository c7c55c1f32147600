package dev.pgaudit.sandbox.benchmark;

import java.time.Duration;

/** What one workload measured, phase by phase. */
final class Results {
  private Results() {}

  /** Applying every policy at once until all are Ready. */
  record Convergence(Duration total, Percentiles perPolicy, Usage usage, Cost minimum, TruthfulReports reports) {}

  /** Single spec changes, one at a time, each until Ready at its new generation. */
  record Changes(Percentiles latency, Usage usage, Cost minimum, TruthfulReports reports) {}

  /**
   * A restarted operator with a short resync period: its first sweep over every policy, then one
   * whole period at rest.
   */
  record Resync(Duration period, Duration startupToReady, Duration sweepTime, Usage sweep, Usage window, Cost minimum) {}

  /** Bytes; -1 when not measurable. Peaks are over the whole phase, sampled twice a second. */
  record Memory(long heapUsed, long heapPeak, long heapLive, long rss, long rssPeak) {}

  /**
   * Single changes on the other services while {@code service} answers its PUTs 429 with
   * Retry-After: 60; {@code elapsed} from its own change until the others were all Ready;
   * {@code slowReady}: its own change until Ready (after the fault was lifted), null if not seen.
   */
  record SlowService(String service, Percentiles others, Duration elapsed, long answered429, Duration slowReady) {}

  /** {@code retryWaitLogged}: the back-off both operator processes announced in their logs, in seconds. */
  record Workload(dev.pgaudit.sandbox.benchmark.Workload workload, Duration setup, Duration startupToReady,
      Convergence convergence, Changes changes, Memory memory, Resync resync, Memory memoryAtRest,
      double retryWaitLogged, SlowService slowService) {}
}
