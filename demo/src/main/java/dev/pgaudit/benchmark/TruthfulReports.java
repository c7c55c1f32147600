package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Kubernetes writes a truthful operator cannot leave out, beyond one status per policy and one
 * Event per change (issue 14), counted from what the policies' statuses said:
 * <ul>
 *   <li>{@code sinkStarts}: a status saying Ready=False SinkStarting before Ready. Aiven reports an
 *       integration inactive for a while after it is created or its config changes, and status must
 *       say so until it is active.
 *   <li>{@code reReports}: a second status for each policy whose coverage (the Effective condition
 *       and status.coverage) changed after it was first reported Ready, e.g. because a peer created
 *       after it shadows some of its pairs: Ready is reported as soon as the policy's own settings
 *       are in place, so the later coverage is news.
 *   <li>{@code warnings}: a Warning Event for each policy whose Effective condition turned False
 *       (or changed its False reason).
 * </ul>
 */
record TruthfulReports(long sinkStarts, long reReports, long warnings) {
  static final TruthfulReports NONE = new TruthfulReports(0, 0, 0);

  /** What a policy's status says of its coverage. */
  record View(String status, String reason, String message, CoverageStatus coverage) {
    static View of(PgAuditPolicy p) {
      if (p == null || p.getStatus() == null) return null;
      Condition effective = p.getStatus().getConditions().stream().filter(c -> "Effective".equals(c.getType()))
          .findFirst().orElse(null);
      return effective == null ? new View(null, null, null, p.getStatus().getCoverage())
          : new View(effective.getStatus(), effective.getReason(), effective.getMessage(), p.getStatus().getCoverage());
    }

    boolean notEffective() {
      return "False".equals(status);
    }
  }

  /** Every policy's view now, by "namespace/name". */
  static Map<String, View> views(KubernetesClient client) {
    Map<String, View> views = new HashMap<>();
    for (PgAuditPolicy p : client.resources(PgAuditPolicy.class).inAnyNamespace().list().getItems()) {
      views.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), View.of(p));
    }
    return views;
  }

  /**
   * Converging: {@code atFirstReady} is each policy's view in its first Ready status, {@code atRest}
   * its view once the operator rests.
   */
  static TruthfulReports converging(long sinkStarts, Map<String, View> atFirstReady, Map<String, View> atRest) {
    long reReports = atRest.keySet().stream().filter(k -> !Objects.equals(atFirstReady.get(k), atRest.get(k))).count();
    long warnings = atRest.values().stream().filter(v -> v != null && v.notEffective()).count();
    return new TruthfulReports(sinkStarts, reReports, warnings);
  }

  /** The policies counted as re-reported while converging, by kind of policy (its name without the number). */
  static Map<String, Long> reReportedByKind(Map<String, View> atFirstReady, Map<String, View> atRest) {
    Map<String, Long> byKind = new java.util.TreeMap<>();
    atRest.keySet().stream().filter(k -> !Objects.equals(atFirstReady.get(k), atRest.get(k)))
        .forEach(k -> byKind.merge(k.substring(k.indexOf('/') + 1).replaceAll("-\\d+$", ""), 1L, Long::sum));
    return byKind;
  }

  /** Changing: the views before and after the changes; {@code changed}: the policies edited (their own status is counted already). */
  static TruthfulReports changing(long sinkStarts, Map<String, View> before, Map<String, View> after, Set<String> changed) {
    long reReports = after.keySet().stream()
        .filter(k -> !changed.contains(k) && !Objects.equals(before.get(k), after.get(k))).count();
    long warnings = after.entrySet().stream().filter(e -> {
      View now = e.getValue();
      View was = before.get(e.getKey());
      return now != null && now.notEffective()
          && (was == null || !was.notEffective() || !Objects.equals(was.reason(), now.reason()));
    }).count();
    return new TruthfulReports(sinkStarts, reReports, warnings);
  }

  /** As Kubernetes writes: statuses and Events. */
  Cost cost() {
    return new Cost(0, 0, 0, 0, 0, sinkStarts + reReports + warnings);
  }
}
