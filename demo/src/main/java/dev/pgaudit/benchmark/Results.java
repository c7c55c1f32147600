package dev.pgaudit.benchmark;

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

  /**
   * {@code retryWaitLogged}: the back-off both operator processes announced in their logs, in seconds;
   * {@code setupDetail}: where set-up time and disk went; {@code heapLimit}: the operator's -Xmx, null if none.
   */
  record Workload(dev.pgaudit.benchmark.Workload workload, Fleet.Layout layout, Duration setup, String setupDetail,
      String heapLimit, Duration startupToReady, Convergence convergence, Changes changes, Memory memory, Resync resync,
      Memory memoryAtRest, double retryWaitLogged, SlowService slowService) {}
}
