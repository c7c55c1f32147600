package dev.pgaudit.sandbox.benchmark;

/**
 * The least a correct operator must do, per the issue: converging a service takes one service GET,
 * one PUT (the feature flag together with the Service-scope keys), per sink one integration list,
 * one GET of the destination service and one create, then one more list (a new integration starts
 * inactive: SinkIntegrated waits for Aiven to report it active, reference §7.4), one settings
 * query, and one SET per managed SQL setting; Kubernetes sees a finalizer and a status per policy
 * plus one Event per change. A resync of a service at rest takes
 * one service GET, one integration list (with a sink) and one settings query, and writes nothing.
 */
final class Minimum {
  private Minimum() {}

  static Cost initialConvergence(Fleet fleet) {
    Cost total = Cost.ZERO;
    for (int s = 0; s < fleet.workload().services(); s++) {
      boolean sink = fleet.hasSink(s);
      long changes = 1 + (sink ? 1 : 0);
      total = total.plus(new Cost(2 + (sink ? 4 : 0), 1 + (sink ? 1 : 0), sink ? 2 : 0, 0, fleet.hasSql(s) ? 1 : 0, changes));
    }
    for (Fleet.Member m : fleet.members()) {
      total = total.plus(new Cost(0, 0, 0, (long) m.sqlTargets() * m.settingsPerTarget(), 0, 2 + m.sqlTargets()));
    }
    return total;
  }

  static Cost resyncOfEverything(Fleet fleet) {
    Cost total = Cost.ZERO;
    for (int s = 0; s < fleet.workload().services(); s++) {
      boolean sink = fleet.hasSink(s);
      total = total.plus(new Cost(1 + (sink ? 1 : 0), 1, sink ? 1 : 0, 0, fleet.hasSql(s) ? 1 : 0, 0));
    }
    return total;
  }
}
