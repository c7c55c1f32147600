package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a coverage-only re-report goes out. A policy's coverage changes with every peer write that
 * reaches its pairs: while a service's policies are being created (or edited together, or swept
 * after a restart) each peer's write would cost every affected policy a reconcile and a status
 * write of its own, although the next peer's write changes it again. So a re-report whose only
 * news is coverage (a peer's write changed it, or the policy's own run found only its coverage
 * changed) is held while some live policy on the service is still to come, i.e. has not finished
 * a reconcile of its current generation (new, edited, or not yet swept by this process): it is
 * sent once none is, so a burst of peer writes makes one re-report, not one per write.
 *
 * <p>Why status stays truthful: Ready, and every condition but Effective, are never held (a run
 * defers its status write only when nothing but Effective and status.coverage would change), so
 * Ready is always written from the run's own checks, and every status written carries coverage
 * computed in that run under the service's lock, from the latest state of the service (every
 * write made before it). What a hold delays is only how soon a peer's write is reflected: a held
 * re-report is sent at the latest {@link #CAP} after the first change it holds, whatever is still
 * to come, and the run it causes then writes whatever it finds. So Effective (or status.coverage)
 * shows coverage older than the operator's own latest write for at most CAP plus the time the
 * nudged policy waits for its turn on the service; an Effective=True that a peer's write made
 * false stays at most that long. Changes made outside the operator are seen only at the next
 * observation in any case, up to one resync period later (5 minutes by default).
 */
final class CoverageHolds {
  /** The longest a re-report is held after the first change it holds. */
  static final Duration CAP = Duration.ofSeconds(30);

  /** Runs a task after a delay; returns what cancels it. */
  @FunctionalInterface
  interface Timer {
    Runnable schedule(Duration delay, Runnable task);
  }

  /** One daemon thread for every operator in the JVM: it only hands nudges to JOSDK. */
  private static final ScheduledThreadPoolExecutor CAPS = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(r, "coverage-hold-cap");
    t.setDaemon(true);
    return t;
  });

  static {
    CAPS.setRemoveOnCancelPolicy(true);
  }

  static final Timer DAEMON = (delay, task) -> {
    var future = CAPS.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  };

  private static final class Hold {
    final ResourceID id;
    final ServiceKey service;
    Runnable cancelCap = () -> {};
    /** The nudge went out and its run has not reported yet. */
    boolean sent;
    /** The {@link #changes} count at its latest change. */
    long changedAt;

    Hold(ResourceID id, ServiceKey service) {
      this.id = id;
      this.service = service;
    }
  }

  private final Consumer<ResourceID> nudge;
  private final Timer timer;
  /** By policy key: the uid and generation of its last finished reconcile in this process. */
  private final Map<String, String> seen = new HashMap<>();
  /** By policy key: the {@link #changes} count when its last reconcile computed its coverage. */
  private final Map<String, Long> ranAt = new HashMap<>();
  /** In the order they were made: re-reports go out in that order. */
  private final Map<String, Hold> holds = new LinkedHashMap<>();
  /** Policies whose hold reached its cap: their next run writes what it finds, peers to come or not. */
  private final Set<String> due = new HashSet<>();
  /** Counts the changes held, so a change made after a run computed is told from one before it. */
  private long changes;

  CoverageHolds(Consumer<ResourceID> nudge, Timer timer) {
    this.nudge = nudge;
    this.timer = timer;
  }

  /** A reconcile of the policy finished (whatever its outcome): it is no longer to come at this generation. */
  synchronized void ran(PgAuditPolicy policy) {
    seen.put(policy.key(), version(policy));
    ranAt.put(policy.key(), changes);
  }

  /** True when a live policy on the service other than {@code self} has not finished a reconcile of its generation. */
  synchronized boolean othersToCome(PgAuditPolicy self, List<PgAuditPolicy> live) {
    for (PgAuditPolicy p : live) {
      if (self != null && p.key().equals(self.key())) continue;
      if (!version(p).equals(seen.get(p.key()))) return true;
    }
    return false;
  }

  /** A peer's write changed the policy's coverage: a re-report is held (once, whatever the number of writes). */
  synchronized void hold(PgAuditPolicy policy, ServiceKey service) {
    // Sent before and changed again: its run may have computed already, so it is re-armed.
    holdLocked(policy, service).sent = false;
  }

  /**
   * The policy's run found only its coverage changed while peers are to come, and did not write:
   * it is re-reported when they have come (or at the cap), as if a peer's write had changed it.
   */
  void defer(PgAuditPolicy policy, ServiceKey service, List<PgAuditPolicy> live) {
    synchronized (this) {
      holdLocked(policy, service).sent = false;
    }
    // The last peer may have landed while this run built its status: then nobody else would send it.
    settle(service, live);
  }

  /** May the policy's run leave a coverage-only change out of its status? Not once its cap passed. */
  synchronized boolean mayDefer(PgAuditPolicy policy) {
    return !due.contains(policy.key());
  }

  /** Held and not sent yet: a new change needs no nudge of its own (the one to be sent covers it). */
  synchronized boolean holding(String key) {
    Hold hold = holds.get(key);
    return hold != null && !hold.sent;
  }

  /** After a run on the service: when no live policy there is still to come, the held re-reports go out. */
  void settle(ServiceKey service, List<PgAuditPolicy> live) {
    List<ResourceID> out = new ArrayList<>();
    synchronized (this) {
      if (othersToCome(null, live)) return;
      for (Hold hold : holds.values()) {
        if (hold.service.equals(service) && !hold.sent) {
          hold.sent = true;
          out.add(hold.id);
        }
      }
    }
    out.forEach(nudge);
  }

  /**
   * The policy's status now shows the coverage its run computed (written, or found equal): its hold
   * ends, unless a peer changed its coverage after that run computed (between the run's computing
   * and its status write, outside the service's lock): then the hold stays.
   */
  synchronized void upToDate(PgAuditPolicy policy) {
    String key = policy.key();
    due.remove(key);
    Hold hold = holds.get(key);
    if (hold == null) return;
    // Changed after the run computed: the change's own hold is sent (or held) as any other.
    if (hold.changedAt > ranAt.getOrDefault(key, -1L)) return;
    holds.remove(key);
    hold.cancelCap.run();
  }

  synchronized void forget(PgAuditPolicy policy) {
    Hold hold = holds.remove(policy.key());
    if (hold != null) hold.cancelCap.run();
    due.remove(policy.key());
    seen.remove(policy.key());
    ranAt.remove(policy.key());
  }

  /** Re-reports held now (tests). */
  synchronized List<String> held() {
    return holds.entrySet().stream().filter(e -> !e.getValue().sent).map(Map.Entry::getKey).sorted().toList();
  }

  private Hold holdLocked(PgAuditPolicy policy, ServiceKey service) {
    String key = policy.key();
    Hold hold = holds.get(key);
    if (hold == null) {
      Hold created = new Hold(ResourceID.fromResource(policy), service);
      holds.put(key, created);
      created.cancelCap = timer.schedule(CAP, () -> capReached(key, created));
      hold = created;
    }
    hold.changedAt = ++changes;
    return hold;
  }

  private void capReached(String key, Hold hold) {
    synchronized (this) {
      if (holds.get(key) != hold) return;
      holds.remove(key);
      due.add(key);
    }
    nudge.accept(hold.id);
  }

  private static String version(PgAuditPolicy p) {
    return p.getMetadata().getUid() + "/" + p.getMetadata().getGeneration();
  }
}
