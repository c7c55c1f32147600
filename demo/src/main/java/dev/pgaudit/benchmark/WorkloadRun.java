package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.PgAuditPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One workload from start to end in a fresh environment: start the operator process, apply every
 * policy and wait for all Ready, make single spec changes, make them again while one service
 * answers 429 with Retry-After: 60 ({@link SlowServicePhase}), then restart the operator with a
 * short resync period and watch it sweep and rest. From {@value #HEAP_LIMITED_FROM} policies the
 * operator's heap is limited to {@value #HEAP_LIMIT}.
 */
final class WorkloadRun {
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);
  /**
   * From this many policies the operator runs with {@value #HEAP_LIMIT} of heap at most (the target
   * is a peak under 1 GiB at 10,000; with -XX:+ExitOnOutOfMemoryError a run that needs more ends).
   * Smaller workloads keep the JVM's default, as in earlier reports.
   */
  static final int HEAP_LIMITED_FROM = 10_000;
  static final String HEAP_LIMIT = "1g";

  private final Fleet fleet;
  private final BenchmarkOptions options;
  private final Path workDir;
  private final Progress progress;
  private final OperatorProcess.Launch launch;
  /**
   * Waits guard against a stuck run, not a target: × policies / 2,000, at least × 1 (× 5 at 10,000,
   * which on a loaded 2-core machine takes tens of minutes to converge; its progress is told every 30 s).
   */
  private final int timeoutScale;

  WorkloadRun(Workload workload, BenchmarkOptions options, Progress progress) {
    this.fleet = new Fleet(workload, options.sharedDatabases() ? Fleet.Layout.SHARED : Fleet.Layout.of(workload));
    this.options = options;
    this.progress = progress;
    this.workDir = options.workDir().resolve(workload.policies() + "x" + workload.services());
    this.launch = heapLimit() == null ? options.launch() : options.launch().withJvmFlags(List.of("-Xmx" + heapLimit()));
    this.timeoutScale = Math.max(1, workload.policies() / 2_000);
  }

  private String heapLimit() {
    return fleet.workload().policies() >= HEAP_LIMITED_FROM ? HEAP_LIMIT : null;
  }

  private Duration scaled(Duration timeout) {
    return timeout.multipliedBy(timeoutScale);
  }

  Results.Workload run() {
    progress.say("%s: setting up PostgreSQL, the Aiven simulator (%s req/s, burst %d) and the Kubernetes API; databases %s, "
        + "%s", fleet.workload().label(), options.aivenRate(), options.aivenBurst(), fleet.layout(),
        fleet.ownTokens() ? "a token per project" : "the operator's default token");
    try (BenchEnvironment env = BenchEnvironment.start(fleet, options, workDir);
         ReadyWatch watch = new ReadyWatch(env.client)) {
      progress.say("  set up in %s: %s", Format.seconds(env.setupTime), env.setupDetail);
      Results.Convergence convergence;
      Results.Changes changes;
      Results.SlowService slowService;
      Results.Memory memory;
      Duration startup;
      double retryWaitLogged;
      try (OperatorProcess operator = OperatorProcess.start(launch, env.operatorEnv(null, options),
          workDir.resolve("operator.log"), Duration.ofMinutes(2));
           HeapSampler heap = new HeapSampler(operator)) {
        startup = operator.startupToReady();
        progress.say("  operator ready in %d ms (pid %d); applying %d policies", startup.toMillis(), operator.pid(),
            fleet.members().size());
        Meter meter = new Meter(env, operator);
        convergence = converge(env, watch, meter);
        progress.say("  all Ready in %.1f s; %d single changes", convergence.total().toMillis() / 1000.0, options.changes());
        changes = change(env, watch, meter);
        memory = memory(operator, heap);
        slowService = SlowServicePhase.run(fleet, env, watch, Math.min(20, options.changes()), progress);
        retryWaitLogged = operator.retryWaitFromLog();
      }
      Results.Resync resync;
      Results.Memory atRest;
      Duration period = options.resync() != null ? options.resync() : autoResyncPeriod(convergence.total());
      progress.say("  restarting the operator with PGAUDIT_RESYNC_PERIOD=%ds", period.toSeconds());
      Meter.Reading beforeRestart = Meter.beforeStart(env);
      try (OperatorProcess operator = OperatorProcess.start(launch, env.operatorEnv(period, options),
          workDir.resolve("operator-resync.log"), Duration.ofMinutes(2));
           HeapSampler heap = new HeapSampler(operator)) {
        resync = resync(env, operator, period, beforeRestart);
        atRest = memory(operator, heap);
        retryWaitLogged += operator.retryWaitFromLog();
      }
      return new Results.Workload(fleet.workload(), fleet.layout(), env.setupTime, env.setupDetail, heapLimit(), startup,
          convergence, changes, memory, resync, atRest, retryWaitLogged, slowService);
    }
  }

  private Results.Convergence converge(BenchEnvironment env, ReadyWatch watch, Meter meter) {
    Meter.Reading before = meter.read();
    long start = System.nanoTime();
    Map<String, Long> appliedAt = new ConcurrentHashMap<>();
    Map<String, Long> generations = new ConcurrentHashMap<>(); // the ticker counts while policies are applied
    Map<String, Long> readyAt;
    try (ConvergenceTicker ticker = new ConvergenceTicker(watch, generations, meter, before, progress)) {
      ConcurrentCreates.forEach(fleet.members(), member -> {
        long at = System.nanoTime();
        PgAuditPolicy created = env.client.resource(member.manifest()).create();
        appliedAt.put(member.key(), at);
        generations.put(member.key(), created.getMetadata().getGeneration());
      });
      progress.say("  applied %,d policies in %s", generations.size(), Format.seconds(Duration.ofNanos(System.nanoTime() - start)));
      readyAt = watch.awaitReady(generations, scaled(CONVERGENCE_TIMEOUT));
    }
    long last = readyAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
    List<Duration> perPolicy = new ArrayList<>();
    readyAt.forEach((key, at) -> perPolicy.add(Duration.ofNanos(at - appliedAt.get(key))));
    Meter.Reading after = meter.awaitQuiet(QUIET, scaled(Duration.ofMinutes(5)));
    Map<String, TruthfulReports.View> atFirstReady = watch.viewsAtReady(generations);
    Map<String, TruthfulReports.View> atRest = TruthfulReports.views(env.client);
    TruthfulReports reports = TruthfulReports.converging(watch.sinkStarts(generations), atFirstReady, atRest);
    progress.say("  coverage re-reported after the first Ready, by kind of policy: %s",
        TruthfulReports.reReportedByKind(atFirstReady, atRest));
    return new Results.Convergence(Duration.ofNanos(last - start), Percentiles.of(perPolicy), meter.between(before, after),
        Minimum.initialConvergence(fleet).plus(reports.cost()), reports);
  }

  private Results.Changes change(BenchEnvironment env, ReadyWatch watch, Meter meter) {
    List<ChangeStep> steps = ChangeStep.plan(fleet, options.changes());
    Map<String, TruthfulReports.View> viewsBefore = TruthfulReports.views(env.client);
    Meter.Reading before = meter.read();
    List<Duration> latencies = new ArrayList<>();
    Cost minimum = Cost.ZERO;
    Map<String, Long> changed = new HashMap<>();
    long sinkStarts = 0;
    for (ChangeStep step : steps) {
      long at = System.nanoTime();
      PgAuditPolicy edited = step.edit(env);
      long generation = edited.getMetadata().getGeneration();
      long ready = watch.awaitReady(step.member().key(), generation, CHANGE_TIMEOUT);
      latencies.add(Duration.ofNanos(ready - at));
      minimum = minimum.plus(step.minimum());
      changed.put(step.member().key(), generation);
      sinkStarts += watch.sinkStarts(Map.of(step.member().key(), generation));
    }
    Meter.Reading after = meter.awaitQuiet(QUIET, Duration.ofMinutes(5));
    TruthfulReports reports = TruthfulReports.changing(sinkStarts, viewsBefore, TruthfulReports.views(env.client),
        changed.keySet());
    return new Results.Changes(Percentiles.of(latencies), meter.between(before, after), minimum.plus(reports.cost()), reports);
  }

  /**
   * The restarted operator reconciles every policy once (its sweep). Each policy is then resynced
   * one period after its last reconcile, so the next N reconciliations (N policies, no spec changes)
   * are exactly one resync of everything: that round is what is measured.
   */
  private Results.Resync resync(BenchEnvironment env, OperatorProcess operator, Duration period, Meter.Reading start) {
    Meter meter = new Meter(env, operator);
    long policies = fleet.members().size();
    Meter.Reading swept = awaitReconciles(meter, policies, scaled(Duration.ofMinutes(5)));
    // From ready (the reading was taken just before the JVM started) until every policy was reconciled.
    Duration sweepTime = Duration.ofNanos(swept.nanos() - start.nanos()).minus(operator.startupToReady());
    progress.say("  sweep after restart took %.1f s; measuring the next resync of every policy",
        sweepTime.toMillis() / 1000.0);
    long target = Math.round(swept.metrics().sum(Meter.RECONCILES_STARTED)) + policies;
    Meter.Reading round = awaitReconciles(meter, target, period.plus(scaled(Duration.ofMinutes(5))));
    return new Results.Resync(period, operator.startupToReady(), sweepTime, meter.between(start, swept),
        meter.between(swept, round), Minimum.resyncOfEverything(fleet));
  }

  /**
   * Waits until at least {@code count} reconciliations have started (saying how many every 30 s),
   * then until the operator is at rest.
   */
  private Meter.Reading awaitReconciles(Meter meter, long count, Duration timeout) {
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long nextSay = begin + Duration.ofSeconds(30).toNanos();
    double started;
    while ((started = meter.read().metrics().sum(Meter.RECONCILES_STARTED)) < count) {
      long now = System.nanoTime();
      if (now > deadline) throw new IllegalStateException("fewer than " + count + " reconciliations within " + timeout);
      if (now > nextSay) {
        progress.say("  %4.0f s: %,.0f of %,d reconciliations started", (now - begin) / 1e9, started, count);
        nextSay = now + Duration.ofSeconds(30).toNanos();
      }
      OperatorProcess.pause(100);
    }
    return meter.awaitQuiet(Duration.ofSeconds(1), scaled(Duration.ofMinutes(5)));
  }

  private static Results.Memory memory(OperatorProcess operator, HeapSampler heap) {
    long used = operator.heapUsedBytes();
    long[] rss = operator.rssAndPeakBytes();
    long live = operator.fullGc() ? operator.heapUsedBytes() : -1;
    return new Results.Memory(used, Math.max(heap.peak(), used), live, rss[0], rss[1]);
  }

  /**
   * Long enough that one round over every service under the rate limit takes at most 40% of it,
   * and at least half the initial convergence: with reads per project the Aiven round is a few
   * requests, while a sweep still reconciles every policy, and a period shorter than the sweep
   * would never let the operator rest (nor the resync round be told apart).
   */
  private Duration autoResyncPeriod(Duration convergence) {
    double sweepSeconds = Minimum.resyncOfEverything(fleet).aivenRequests() / options.aivenRate();
    double seconds = Math.max(sweepSeconds * 2.5, convergence.toMillis() / 2000.0);
    return Duration.ofSeconds(Math.max(20, (long) Math.ceil(seconds / 5) * 5));
  }
}
