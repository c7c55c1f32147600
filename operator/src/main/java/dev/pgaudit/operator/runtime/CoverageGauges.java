package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.reconcile.CoverageListener;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The coverage gauges of every policy, rendered when Prometheus scrapes from one map of each
 * policy's latest counts. A Micrometer gauge per series (five per policy) held a meter, its id, tags
 * and the registry's and collector's map entries: about 2.5 MB of live heap at 1,000 policies, for
 * five numbers each. The series are the same: {@code pgaudit_policy_coverage_pairs{namespace,policy,state}}
 * and {@code pgaudit_policy_old_sessions{namespace,policy}}.
 */
final class CoverageGauges implements CoverageListener, MultiCollector {
  static final String PAIRS_HELP = "(database, login role) pairs a policy covers, by how they are really audited";
  static final String OLD_SESSIONS_HELP =
      "Sessions of a policy's pairs still running with settings from before its last write (NaN: unknown)";
  private static final List<String> STATES = List.of("covered", "shadowed_by_policy", "shadowed_outside", "not_in_place");
  private static final List<Labels> STATE_LABELS = STATES.stream().map(state -> Labels.of("state", state)).toList();

  private record Policy(String namespace, String name) {}

  /**
   * The policy's labels (made once: building labels costs ~900 bytes, merging the state in ~90, and
   * Prometheus may scrape often); pairs by state in {@link #STATES} order; old sessions null when
   * there is no series (NaN: unknown).
   */
  private record Counts(Labels labels, int[] pairs, Double oldSessions) {}

  private final String pairsName;
  private final String oldSessionsName;
  private final Map<Policy, Counts> policies = new ConcurrentSkipListMap<>(
      Comparator.comparing(Policy::namespace).thenComparing(Policy::name));

  /** @param pairsName and {@code oldSessionsName}: Prometheus names (e.g. pgaudit_policy_old_sessions) */
  CoverageGauges(String pairsName, String oldSessionsName) {
    this.pairsName = pairsName;
    this.oldSessionsName = oldSessionsName;
  }

  @Override
  public void coverage(String namespace, String name, CoverageStatus coverage) {
    if (coverage == null) {
      forget(namespace, name);
      return;
    }
    int[] pairs = {count(coverage.getCovered()), count(coverage.getShadowedByPolicy()),
        count(coverage.getShadowedOutside()), count(coverage.getNotInPlace())};
    String old = coverage.getOldSessions();
    Double oldSessions = old == null ? null : "unknown".equals(old) ? Double.NaN : Double.parseDouble(old);
    policies.compute(new Policy(namespace, name), (policy, last) -> new Counts(
        last != null ? last.labels() : Labels.of("namespace", namespace, "policy", name), pairs, oldSessions));
  }

  @Override
  public void forget(String namespace, String name) {
    policies.remove(new Policy(namespace, name));
  }

  @Override
  public MetricSnapshots collect() {
    GaugeSnapshot.Builder pairs = GaugeSnapshot.builder().name(pairsName).help(PAIRS_HELP);
    GaugeSnapshot.Builder oldSessions = GaugeSnapshot.builder().name(oldSessionsName).help(OLD_SESSIONS_HELP);
    boolean anyOld = false;
    for (Counts counts : policies.values()) {
      for (int i = 0; i < STATES.size(); i++) {
        pairs.dataPoint(point(counts.labels().merge(STATE_LABELS.get(i)), counts.pairs()[i]));
      }
      if (counts.oldSessions() != null) {
        oldSessions.dataPoint(point(counts.labels(), counts.oldSessions()));
        anyOld = true;
      }
    }
    // Like a registry without meters of a name: no series, no family (HELP/TYPE) either.
    if (policies.isEmpty()) return MetricSnapshots.of();
    return anyOld ? MetricSnapshots.of(pairs.build(), oldSessions.build()) : MetricSnapshots.of(pairs.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(pairsName, oldSessionsName);
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }
}
