package dev.pgaudit.benchmark;

import java.util.concurrent.atomic.AtomicLong;

/** Samples the operator's heap twice a second to catch its peak between the phase's own readings. */
final class HeapSampler implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong(-1);
  private final Thread thread;
  private volatile boolean running = true;

  HeapSampler(OperatorProcess operator) {
    thread = new Thread(() -> {
      while (running) {
        try {
          long heap = operator.heapUsedBytes();
          peak.accumulateAndGet(heap, Math::max);
        } catch (RuntimeException e) {
          // the process is stopping; the last peak stands
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long peak() {
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
