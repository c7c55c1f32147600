package dev.pgaudit.benchmark;

import java.util.Map;

/**
 * While a large workload converges, says every 30 s how far it got and what it spent so far (Ready
 * policies, Aiven requests, reconciliations, heap), so that a run which misses its time shows where
 * the time went: the Aiven limit (requests at the rate), or the operator (reconciliations, CPU).
 */
final class ConvergenceTicker implements AutoCloseable {
  private static final long EVERY_MILLIS = 30_000;

  private final Thread thread;
  private volatile boolean running = true;

  ConvergenceTicker(ReadyWatch watch, Map<String, Long> generations, Meter meter, Meter.Reading start, Progress progress) {
    thread = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(EVERY_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        try {
          Meter.Reading now = meter.read();
          Usage so = meter.between(start, now);
          progress.say("  %4.0f s: %,d of %,d Ready; %,d Aiven requests (%,d answered 429); %,d reconciliations started; "
                  + "heap %s", so.elapsed().toMillis() / 1000.0, watch.countReady(generations), generations.size(),
              so.aivenTotal(), so.aiven429(), so.reconciles(),
              Format.mib((long) now.metrics().sum("jvm_memory_used_bytes", Map.of("area", "heap"))));
        } catch (RuntimeException e) {
          // the operator is stopping or busy answering; the next tick tells
        }
      }
    }, "convergence-ticker");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
