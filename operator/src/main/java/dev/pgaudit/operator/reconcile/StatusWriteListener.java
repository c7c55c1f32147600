package dev.pgaudit.operator.reconcile;

/** Told each time the API server refuses a policy's status write, with the reason (a metric label). */
@FunctionalInterface
public interface StatusWriteListener {
  StatusWriteListener NONE = reason -> {};

  void refused(String reason);
}
