package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches every PgAuditPolicy and remembers when (System.nanoTime) each first reported
 * Ready=True/Reconciled for a generation, as a user's `kubectl wait` would see it; with what its
 * status then said of its coverage, and whether it said SinkStarting at that generation before
 * ({@link TruthfulReports}).
 */
final class ReadyWatch implements AutoCloseable {
  private final Map<String, Map<Long, Long>> readyAt = new HashMap<>();
  private final Map<String, String> lastReady = new HashMap<>();
  private final Map<String, Map<Long, TruthfulReports.View>> viewAtReady = new HashMap<>();
  private final Map<String, java.util.Set<Long>> sinkStarting = new HashMap<>();
  private final SharedIndexInformer<PgAuditPolicy> informer;

  ReadyWatch(KubernetesClient client) {
    informer = client.resources(PgAuditPolicy.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override public void onAdd(PgAuditPolicy p) { seen(p); }
      @Override public void onUpdate(PgAuditPolicy older, PgAuditPolicy p) { seen(p); }
      @Override public void onDelete(PgAuditPolicy p, boolean unknownFinalState) {}
    }, 0);
  }

  private void seen(PgAuditPolicy p) {
    long now = System.nanoTime();
    Long generation = p.getMetadata().getGeneration();
    Condition ready = p.getStatus() == null ? null : p.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    synchronized (this) {
      if (ready != null) lastReady.put(key, ready.getStatus() + " " + ready.getReason() + ": " + ready.getMessage());
      if (ready != null && "SinkStarting".equals(ready.getReason()) && Objects.equals(ready.getObservedGeneration(), generation)
          && !readyAt.getOrDefault(key, Map.of()).containsKey(generation)) {
        sinkStarting.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(generation);
      }
      if (ready != null && "True".equals(ready.getStatus()) && "Reconciled".equals(ready.getReason())
          && Objects.equals(ready.getObservedGeneration(), generation)) {
        readyAt.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(generation, now);
        viewAtReady.computeIfAbsent(key, k -> new HashMap<>()).putIfAbsent(generation, TruthfulReports.View.of(p));
        notifyAll();
      }
    }
  }

  /** When each policy was first Ready at the given generation; throws listing the laggards on timeout. */
  synchronized Map<String, Long> awaitReady(Map<String, Long> generations, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> waiting = new ArrayList<>();
      Map<String, Long> times = new HashMap<>();
      generations.forEach((key, generation) -> {
        Long at = readyAt.getOrDefault(key, Map.of()).get(generation);
        if (at == null) waiting.add(key); else times.put(key, at);
      });
      if (waiting.isEmpty()) return times;
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        List<String> sample = waiting.stream().limit(5).map(k -> k + " (" + lastReady.getOrDefault(k, "no status") + ")").toList();
        throw new IllegalStateException(waiting.size() + " of " + generations.size() + " policies not Ready within "
            + timeout + ", e.g. " + sample);
      }
      try {
        wait(Math.max(1, Math.min(left / 1_000_000, 200)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** How many of the policies are Ready at the given generation by now. */
  synchronized int countReady(Map<String, Long> generations) {
    int ready = 0;
    for (Map.Entry<String, Long> e : generations.entrySet()) {
      if (readyAt.getOrDefault(e.getKey(), Map.of()).containsKey(e.getValue())) ready++;
    }
    return ready;
  }

  /** Each policy's coverage view in its first Ready status at the given generation (absent: not seen). */
  synchronized Map<String, TruthfulReports.View> viewsAtReady(Map<String, Long> generations) {
    Map<String, TruthfulReports.View> views = new HashMap<>();
    generations.forEach((key, generation) -> {
      var byGeneration = viewAtReady.getOrDefault(key, Map.of());
      if (byGeneration.containsKey(generation)) views.put(key, byGeneration.get(generation));
    });
    return views;
  }

  /** How many of the policies said SinkStarting at the given generation before they were Ready at it. */
  synchronized long sinkStarts(Map<String, Long> generations) {
    return generations.entrySet().stream()
        .filter(e -> sinkStarting.getOrDefault(e.getKey(), java.util.Set.of()).contains(e.getValue())).count();
  }

  long awaitReady(String key, long generation, Duration timeout) {
    return awaitReady(Map.of(key, generation), timeout).get(key);
  }

  @Override
  public void close() {
    informer.close();
  }
}
