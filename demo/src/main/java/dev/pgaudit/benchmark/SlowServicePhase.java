package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 17, item 2 in the benchmark: one service answers every PUT with 429 and Retry-After: 60
 * while single changes on the other services are timed as in the change phase. A reconcile must
 * never hold anything another service needs while it waits, so their latency stays as before.
 */
final class SlowServicePhase {
  static final int RETRY_AFTER_SECONDS = 60;
  private static final int SLOW_SERVICE = 0;
  private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(2);
  /** The slow service's own change: Ready once the fault is lifted and its Retry-After waited out. */
  private static final Duration SLOW_READY_TIMEOUT = Duration.ofMinutes(4);

  private SlowServicePhase() {}

  /** Null when the workload has one service (nothing else to keep converging). */
  static Results.SlowService run(Fleet fleet, BenchEnvironment env, ReadyWatch watch, int changes, Progress progress) {
    if (fleet.workload().services() < 2) return null;
    Fleet.Member slow = fleet.find(SLOW_SERVICE, Fleet.Kind.SERVICE, 0).orElseThrow();
    String path = "/project/" + slow.project() + "/service/" + slow.serviceName();
    env.aiven.faults().injectAt(1_000_000, Fault.tooManyRequests(RETRY_AFTER_SECONDS), "PUT", path);
    long slowGeneration;
    List<Duration> latencies = new ArrayList<>();
    long slowAt = System.nanoTime();
    try {
      slowGeneration = new ChangeStep(slow, ChangeStep.Kind.SERVICE_LOG).edit(env).getMetadata().getGeneration();
      awaitFirst429(env, path);
      progress.say("  %s answers its PUTs 429 with Retry-After: %d; timing %d changes on the other services",
          slow.serviceName(), RETRY_AFTER_SECONDS, changes);
      for (ChangeStep step : ChangeStep.plan(fleet, changes * 2).stream()
          .filter(s -> s.member().service() != SLOW_SERVICE).limit(changes).toList()) {
        long at = System.nanoTime();
        PgAuditPolicy edited = step.edit(env);
        long ready = watch.awaitReady(step.member().key(), edited.getMetadata().getGeneration(), CHANGE_TIMEOUT);
        latencies.add(Duration.ofNanos(ready - at));
      }
    } finally {
      env.aiven.faults().clear();
    }
    long answered429 = env.aiven.requests().entries().stream()
        .filter(e -> e.status() == 429 && e.path().endsWith(path)).count();
    Duration othersDone = Duration.ofNanos(System.nanoTime() - slowAt);
    Duration slowReady = null;
    try {
      slowReady = Duration.ofNanos(watch.awaitReady(slow.key(), slowGeneration, SLOW_READY_TIMEOUT) - slowAt);
    } catch (IllegalStateException e) {
      progress.say("  %s: its change was not Ready within %s after the fault was lifted", slow.serviceName(),
          SLOW_READY_TIMEOUT);
    }
    return new Results.SlowService(slow.serviceName(), Percentiles.of(latencies), othersDone, answered429, slowReady);
  }

  private static void awaitFirst429(BenchEnvironment env, String path) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (env.aiven.requests().entries().stream().noneMatch(e -> e.status() == 429 && e.path().endsWith(path))) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the slow service was never asked for a PUT");
      OperatorProcess.pause(50);
    }
  }
}
