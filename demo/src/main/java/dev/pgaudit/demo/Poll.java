package dev.pgaudit.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Checks a condition every {@code interval} until it holds or {@code timeout} passes. */
final class Poll {
  private Poll() {}

  /** True when the condition held in time. */
  static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) return true;
      if (System.nanoTime() >= deadline) return false;
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted while waiting", e);
      }
    }
  }
}
