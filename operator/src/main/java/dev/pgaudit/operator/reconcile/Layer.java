package dev.pgaudit.operator.reconcile;

/** The three things a policy configures, each with its own condition. */
enum Layer {
  SERVICE(Conditions.SERVICE_CONFIGURED),
  SQL(Conditions.SQL_SETTINGS_APPLIED),
  SINK(Conditions.SINK_INTEGRATED);

  final String conditionType;

  Layer(String conditionType) {
    this.conditionType = conditionType;
  }
}
