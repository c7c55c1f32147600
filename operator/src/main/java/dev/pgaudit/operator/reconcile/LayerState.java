package dev.pgaudit.operator.reconcile;

/** How one layer ended a reconcile: the condition's status ("True", "False", "Unknown"), reason and message. */
record LayerState(String status, String reason, String message) {
  static LayerState ok(String message) { return new LayerState("True", Conditions.Reason.RECONCILED, message); }
  static LayerState notApplicable(String message) { return new LayerState("True", Conditions.Reason.NOT_APPLICABLE, message); }
  static LayerState failed(String reason, String message) { return new LayerState("False", reason, message); }
  static LayerState unknown(String message) { return new LayerState("Unknown", Conditions.Reason.WAITING, message); }

  LayerState withStatus(String newStatus) { return new LayerState(newStatus, reason, message); }

  boolean isOk() { return "True".equals(status); }
}
