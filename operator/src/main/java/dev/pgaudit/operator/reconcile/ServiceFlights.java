package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One run at a time per service (its plan, writes and applied record must not interleave with a
 * peer's), without making anyone wait: a reconcile that finds its service busy returns at once and
 * is queued; when the run in flight lands, the first queued policy (only it) is triggered again,
 * and its own run wakes the next when it lands. So a service that answers slowly (429 with
 * Retry-After, a hanging request, a long SQL batch) occupies one reconcile thread, never all of
 * them, and other services keep converging; and N policies queued on a service cost N wake-ups,
 * not a herd of N each time a run lands (which made N²/2 reconciles that only found it busy again).
 * A woken policy that does not come back (deleted, or its spec made invalid meanwhile) holds up
 * the queue only until the others' backstop reschedule.
 *
 * <p>The queue is woken by rank, first come first among equals ({@link #rankOf}): policies with a
 * spec of their own still to apply before those only woken by a peer (so an edit is not kept
 * waiting behind its peers' re-checks), and among each, the most specific scope first
 * (DatabaseRole, Role, Database, Service). A setting on a role in a database shadows the role's,
 * which shadows the database's, which shadows the service's: run in that order, a broader policy
 * reports its coverage once, with the settings that shadow it already in place, instead of
 * reporting it and then again after each narrower peer's write.
 *
 * <p>Deletions and releases still wait for their service ({@link #enter}): they are rare, and a
 * finalizer must not be reported as failed because a peer was busy.
 */
final class ServiceFlights {
  private static final class Flight {
    final ReentrantLock lock = new ReentrantLock();
    /** Queued policies and their ranks, in order of arrival. */
    final Map<ResourceID, Integer> queued = new LinkedHashMap<>();
  }

  private final Map<ServiceKey, Flight> flights = new ConcurrentHashMap<>();
  private final Consumer<ResourceID> retrigger;

  ServiceFlights(Consumer<ResourceID> retrigger) {
    this.retrigger = retrigger;
  }

  /**
   * True when the caller now runs on the service; false when it is busy (the policy is queued).
   *
   * @param rank the order in which queued policies are woken, lowest first ({@link #rankOf})
   */
  boolean tryEnter(ServiceKey service, ResourceID policy, int rank) {
    Flight flight = flights.computeIfAbsent(service, k -> new Flight());
    if (flight.lock.tryLock()) {
      // Come by another event: its place in the queue would wake it for nothing later.
      synchronized (flight) {
        flight.queued.remove(policy);
      }
      return true;
    }
    synchronized (flight) {
      flight.queued.put(policy, rank);
    }
    // It may have landed between the tryLock and the queueing: then no one would trigger us.
    if (flight.lock.tryLock()) {
      synchronized (flight) {
        flight.queued.remove(policy);
      }
      return true;
    }
    return false;
  }

  /**
   * DatabaseRole 0, Role 1, Database 2, Service 3 for a policy whose generation is still to apply;
   * 4 more for one that is only re-checked.
   */
  static int rankOf(ScopeLevel level, boolean ownChangePending) {
    int specific = ScopeLevel.values().length - 1 - level.ordinal();
    return ownChangePending ? specific : ScopeLevel.values().length + specific;
  }

  /** Waits for the service (deletions and releases). */
  void enter(ServiceKey service) {
    flights.computeIfAbsent(service, k -> new Flight()).lock.lock();
  }

  /** Ends the caller's run on the service and triggers the first policy that found it busy. */
  void leave(ServiceKey service) {
    Flight flight = flights.get(service);
    ResourceID next = null;
    // Unlocked inside the monitor: a policy queued after this finds the service free on its second try.
    synchronized (flight) {
      int lowest = Integer.MAX_VALUE;
      for (Map.Entry<ResourceID, Integer> queued : flight.queued.entrySet()) {
        if (queued.getValue() < lowest) {
          lowest = queued.getValue();
          next = queued.getKey();
        }
      }
      if (next != null) flight.queued.remove(next);
      flight.lock.unlock();
    }
    if (next != null) retrigger.accept(next);
  }

  /** Runs {@code work} on the service, waiting for it if busy. */
  <T> T inFlight(ServiceKey service, java.util.function.Supplier<T> work) {
    enter(service);
    try {
      return work.get();
    } finally {
      leave(service);
    }
  }

  /** Runs {@code work} on the service, waiting for it if busy. */
  void runInFlight(ServiceKey service, Runnable work) {
    inFlight(service, () -> {
      work.run();
      return null;
    });
  }
}
