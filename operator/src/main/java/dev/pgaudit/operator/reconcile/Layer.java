package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Slot;

/**
 * The things a policy configures, each with its own condition. DASHBOARDS (the opt-in Dashboards
 * objects) has no slots and no plan changes: {@link DashboardsStep} reports it.
 */
enum Layer {
  SERVICE(Conditions.SERVICE_CONFIGURED),
  SQL(Conditions.SQL_SETTINGS_APPLIED),
  SINK(Conditions.SINK_INTEGRATED),
  DASHBOARDS(Conditions.DASHBOARDS_READY);

  final String conditionType;

  Layer(String conditionType) {
    this.conditionType = conditionType;
  }

  static Layer of(Slot slot) {
    if (slot instanceof Slot.Sql) return SQL;
    if (slot instanceof Slot.LogsIntegration) return SINK;
    return SERVICE;
  }

  static Layer of(Change change) {
    if (change instanceof Change.SetServiceKeys) return SERVICE;
    if (change instanceof Change.SqlSettings) return SQL;
    return SINK;
  }
}
