package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest {@link ServiceCoverage} of each service: the policies of a service reconciled on the
 * same observed state (the shared observation, or the state the operator's last write left) use one,
 * so the service's precedence is worked out once per state, not once per policy. Only the latest
 * state of a service is kept: a service's policies are reconciled one at a time (its lock), so an
 * older state is never asked for again.
 */
public final class CoverageCache {
  private final Map<ServiceKey, ServiceCoverage> latest = new ConcurrentHashMap<>();
  private final AtomicLong states = new AtomicLong();
  private final AtomicLong reports = new AtomicLong();

  /** The coverage side of this observed state, made now unless it is the latest one of its service. */
  public ServiceCoverage of(Observed observed) {
    return latest.compute(observed.service(), (service, last) -> {
      if (last != null && last.sameState(observed)) return last;
      states.incrementAndGet();
      return ServiceCoverage.of(observed, last);
    });
  }

  /** One policy's coverage on this observed state. */
  public CoverageReport report(PolicyIntent intent, Observed observed, Ownership ownership) {
    return report(of(observed), intent, ownership);
  }

  /** One policy's coverage on a state worked out before (e.g. {@link #latest}). */
  public CoverageReport report(ServiceCoverage state, PolicyIntent intent, Ownership ownership) {
    reports.incrementAndGet();
    return state.report(intent, ownership);
  }

  /** The last state of the service coverage was asked for on; null when none. */
  public ServiceCoverage latest(ServiceKey service) {
    return latest.get(service);
  }

  public void forget(ServiceKey service) {
    latest.remove(service);
  }

  /** How many observed states were worked out (tests: once per state, whatever the number of policies). */
  public long statesWorkedOut() {
    return states.get();
  }

  /** How many policy reports were made. */
  public long reportsMade() {
    return reports.get();
  }
}
