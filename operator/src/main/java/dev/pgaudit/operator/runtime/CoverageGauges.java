package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.reconcile.CoverageListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The coverage gauges of every policy: values held here, gauges registered once per policy and state. */
final class CoverageGauges implements CoverageListener {
  private final MeterRegistry registry;
  private final String pairsName;
  private final String oldSessionsName;
  private final Map<List<String>, AtomicReference<Double>> values = new ConcurrentHashMap<>();
  private final Map<List<String>, Gauge> gauges = new ConcurrentHashMap<>();

  CoverageGauges(MeterRegistry registry, String pairsName, String oldSessionsName) {
    this.registry = registry;
    this.pairsName = pairsName;
    this.oldSessionsName = oldSessionsName;
  }

  @Override
  public void coverage(String namespace, String name, CoverageStatus coverage) {
    if (coverage == null) {
      forget(namespace, name);
      return;
    }
    Map<String, Integer> states = new LinkedHashMap<>();
    states.put("covered", coverage.getCovered());
    states.put("shadowed_by_policy", coverage.getShadowedByPolicy());
    states.put("shadowed_outside", coverage.getShadowedOutside());
    states.put("not_in_place", coverage.getNotInPlace());
    states.forEach((state, n) -> set(List.of(pairsName, namespace, name, state), n == null ? 0 : n,
        "(database, login role) pairs a policy covers, by how they are really audited"));
    String old = coverage.getOldSessions();
    if (old == null) {
      remove(List.of(oldSessionsName, namespace, name, ""));
    } else {
      set(List.of(oldSessionsName, namespace, name, ""), "unknown".equals(old) ? Double.NaN : Double.parseDouble(old),
          "Sessions of a policy's pairs still running with settings from before its last write (NaN: unknown)");
    }
  }

  @Override
  public void forget(String namespace, String name) {
    for (List<String> key : List.copyOf(gauges.keySet())) {
      if (key.get(1).equals(namespace) && key.get(2).equals(name)) remove(key);
    }
  }

  private void set(List<String> key, double value, String description) {
    values.computeIfAbsent(key, k -> new AtomicReference<>(0.0)).set(value);
    gauges.computeIfAbsent(key, k -> {
      Tags tags = Tags.of("namespace", k.get(1), "policy", k.get(2));
      if (!k.get(3).isEmpty()) tags = tags.and("state", k.get(3));
      AtomicReference<Double> holder = values.get(k);
      return Gauge.builder(k.get(0), holder, AtomicReference::get).description(description).tags(tags).register(registry);
    });
  }

  private void remove(List<String> key) {
    Gauge gauge = gauges.remove(key);
    if (gauge != null) registry.remove(gauge);
    values.remove(key);
  }
}
