package dev.pgaudit.operator.postgres;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sessions a reconcile has finished with, kept a few seconds per login so that the next reconcile
 * on the same server (a burst of policies, a peer woken by a write) skips connecting. Connecting is
 * most of what PostgreSQL spends on a reconcile: a process, authentication, cold catalog caches.
 * A session is reused only while its login is young enough for the caller (a reused session proves
 * nothing about the credentials today), and an idle one is closed soon, so an operator at rest holds
 * no connection of the user's service.
 *
 * <p>It also knows the backend of every session this process has open on each server, so a count of
 * the server's sessions can leave the operator's own out.
 */
final class IdleSessions implements AutoCloseable {
  /** Unused this long, a session is closed. */
  static final Duration IDLE_FOR = Duration.ofSeconds(5);
  /** Per login: more than the reconcile threads that can use one login at once is never needed. */
  static final int MAX_IDLE_PER_LOGIN = 8;

  // One daemon thread for every pool of the process, gone when no pool has anything to close.
  private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();

  private final LongSupplier nanoClock;
  private final Map<PgConnectionParams, Deque<PgAuditSession>> idle = new HashMap<>();
  /** "host:port" → backend pids of this process's open sessions there (idle or in use). */
  private final Map<String, Set<Integer>> backends = new ConcurrentHashMap<>();
  private boolean sweepScheduled;
  private boolean closed;

  IdleSessions(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * The most recently used idle session of this login that logged in less than {@code maxLoginAge}
   * ago and still answers, or null. Sessions found too old or broken are closed.
   */
  PgAuditSession take(PgConnectionParams params, Duration maxLoginAge) {
    while (true) {
      PgAuditSession session;
      synchronized (this) {
        Deque<PgAuditSession> sessions = idle.get(params);
        session = sessions == null ? null : sessions.pollFirst();
        if (sessions != null && sessions.isEmpty()) idle.remove(params);
      }
      if (session == null) return null;
      if (session.loginAge().compareTo(maxLoginAge) < 0 && session.handOut()) return session;
      session.discard();
    }
  }

  /** Keeps the session for the next caller, or closes it (pool full, closed, or the session not clean). */
  void offer(PgAuditSession session) {
    if (!session.reusable()) {
      session.discard();
      return;
    }
    synchronized (this) {
      Deque<PgAuditSession> sessions = idle.computeIfAbsent(session.params(), p -> new ArrayDeque<>());
      if (!closed && sessions.size() < MAX_IDLE_PER_LOGIN) {
        session.idleSince(nanoClock.getAsLong());
        sessions.addFirst(session);
        scheduleSweep();
        return;
      }
      if (sessions.isEmpty()) idle.remove(session.params());
    }
    session.discard();
  }

  void opened(PgConnectionParams params, int backendPid) {
    backends.computeIfAbsent(server(params), s -> ConcurrentHashMap.newKeySet()).add(backendPid);
  }

  void discarded(PgConnectionParams params, int backendPid) {
    Set<Integer> pids = backends.get(server(params));
    if (pids != null) pids.remove(backendPid);
  }

  /** Backend pids of this process's open sessions on the server of {@code params}. */
  Set<Integer> ownBackends(PgConnectionParams params) {
    Set<Integer> pids = backends.get(server(params));
    return pids == null ? Set.of() : Set.copyOf(pids);
  }

  /** Closes the sessions idle for {@link #IDLE_FOR} (all of them when {@code all}). */
  void sweep(boolean all) {
    List<PgAuditSession> expired = new java.util.ArrayList<>();
    synchronized (this) {
      sweepScheduled = false;
      long now = nanoClock.getAsLong();
      for (Iterator<Deque<PgAuditSession>> it = idle.values().iterator(); it.hasNext(); ) {
        Deque<PgAuditSession> sessions = it.next();
        sessions.removeIf(s -> (all || s.idleFor(now).compareTo(IDLE_FOR) >= 0) && expired.add(s));
        if (sessions.isEmpty()) it.remove();
      }
      if (!idle.isEmpty()) scheduleSweep();
    }
    expired.forEach(PgAuditSession::discard);
  }

  synchronized int idleCount() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    sweep(true);
  }

  private void scheduleSweep() {
    if (sweepScheduled || closed) return;
    sweepScheduled = true;
    SWEEPER.schedule(() -> sweep(false), IDLE_FOR.toMillis() / 2, TimeUnit.MILLISECONDS);
  }

  private static String server(PgConnectionParams params) {
    return params.host() + ":" + params.port();
  }

  private static ScheduledThreadPoolExecutor sweeper() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "pgaudit-idle-sessions");
      thread.setDaemon(true);
      return thread;
    });
    executor.setKeepAliveTime(10, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
