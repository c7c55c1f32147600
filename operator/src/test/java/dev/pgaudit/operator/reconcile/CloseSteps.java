package dev.pgaudit.operator.reconcile;

import java.util.List;

/** Closing a test environment: every step runs even when one fails; the first failure is thrown after. */
public final class CloseSteps {
  private CloseSteps() {}

  public static void runAll(List<Runnable> steps) {
    RuntimeException first = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw first;
  }
}
