package dev.pgaudit.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Applies a workload's policies {@value #IN_FLIGHT} at a time, as kubectl apply of a directory or a
 * GitOps controller does, instead of one after the other: one by one, the apply loop itself took
 * longer than the operator needed to converge (about 50 creates/s at 1,000 policies). Each create
 * still records its own time, so what is measured per policy does not change.
 */
final class ConcurrentCreates {
  static final int IN_FLIGHT = 8;

  private ConcurrentCreates() {}

  /** Runs {@code create} for every item, in their order, {@value #IN_FLIGHT} at a time; the first failure is thrown. */
  static <T> void forEach(List<T> items, Consumer<T> create) {
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
      Thread thread = new Thread(r, "benchmark-apply");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> pending = new ArrayList<>(items.size());
      for (T item : items) pending.add(pool.submit(() -> create.accept(item)));
      for (Future<?> future : pending) await(future);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying policies", e);
    }
  }
}
