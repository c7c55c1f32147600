package dev.pgaudit.operator.plan;

/**
 * The things a policy configures, each reported by its own condition. DASHBOARDS (the opt-in
 * Dashboards objects) has no slots and no plan changes: the reconciler's Dashboards step reports it.
 */
public enum Layer {
  SERVICE,
  SQL,
  SINK,
  DASHBOARDS;

  public static Layer of(Slot slot) {
    if (slot instanceof Slot.Sql) return SQL;
    if (slot instanceof Slot.LogsIntegration) return SINK;
    return SERVICE;
  }
}
