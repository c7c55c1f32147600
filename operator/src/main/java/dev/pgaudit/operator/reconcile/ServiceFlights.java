package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One run at a time per service (its plan, writes and applied record must not interleave with a
 * peer's), without making anyone wait: a reconcile that finds its service busy returns at once and
 * is queued; when the run in flight lands, every queued policy is triggered again. So a service
 * that answers slowly (429 with Retry-After, a hanging request, a long SQL batch) occupies one
 * reconcile thread, never all of them, and other services keep converging.
 *
 * <p>Deletions and releases still wait for their service ({@link #enter}): they are rare, and a
 * finalizer must not be reported as failed because a peer was busy.
 */
final class ServiceFlights {
  private static final class Flight {
    final ReentrantLock lock = new ReentrantLock();
    final Set<ResourceID> queued = new LinkedHashSet<>();
  }

  private final Map<ServiceKey, Flight> flights = new ConcurrentHashMap<>();
  private final Consumer<ResourceID> retrigger;

  ServiceFlights(Consumer<ResourceID> retrigger) {
    this.retrigger = retrigger;
  }

  /** True when the caller now runs on the service; false when it is busy (the policy is queued). */
  boolean tryEnter(ServiceKey service, ResourceID policy) {
    Flight flight = flights.computeIfAbsent(service, k -> new Flight());
    if (flight.lock.tryLock()) return true;
    synchronized (flight) {
      flight.queued.add(policy);
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

  /** Waits for the service (deletions and releases). */
  void enter(ServiceKey service) {
    flights.computeIfAbsent(service, k -> new Flight()).lock.lock();
  }

  /** Ends the caller's run on the service and triggers the policies that found it busy. */
  void leave(ServiceKey service) {
    Flight flight = flights.get(service);
    Set<ResourceID> waiting;
    // Unlocked inside the monitor: a policy queued after the copy finds the service free on its second try.
    synchronized (flight) {
      waiting = Set.copyOf(flight.queued);
      flight.queued.clear();
      flight.lock.unlock();
    }
    waiting.forEach(retrigger);
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
