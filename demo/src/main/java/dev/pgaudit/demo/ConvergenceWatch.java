package dev.pgaudit.demo;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Watches the policies of a namespace converge: polls them and prints a row for a policy only when
 * one of its conditions changed, so the output reads like a log of state transitions.
 */
final class ConvergenceWatch {
  private static final List<String> HEADERS = List.of("TIME", "POLICY", "READY", "SERVICE", "SQL", "SINK");
  private static final List<String> TYPES = List.of(
      Conditions.READY, Conditions.SERVICE_CONFIGURED, Conditions.SQL_SETTINGS_APPLIED, Conditions.SINK_INTEGRATED);
  private static final Duration POLL = Duration.ofMillis(100);

  private final KubernetesClient client;
  private final String namespace;
  private final PrintStream out;
  private final Map<String, List<String>> lastPrinted = new HashMap<>();

  ConvergenceWatch(KubernetesClient client, String namespace, PrintStream out) {
    this.client = client;
    this.namespace = namespace;
    this.out = out;
  }

  /** Prints transitions until every policy converged ({@link PolicyView#converged}); false on timeout. */
  boolean await(int expectedPolicies, Duration timeout, long startNanos) {
    int nameWidth = list().stream().mapToInt(p -> p.getMetadata().getName().length()).max().orElse(20);
    TextTable table = TextTable.withWidths(HEADERS, 6, nameWidth, 17, 17, 17, 17);
    out.println(table.header());
    return Poll.until(timeout, POLL, () -> {
      List<PgAuditPolicy> policies = list();
      for (PgAuditPolicy p : policies) printIfChanged(table, p, startNanos);
      return policies.size() == expectedPolicies && policies.stream().allMatch(PolicyView::converged);
    });
  }

  List<PgAuditPolicy> list() {
    return client.resources(PgAuditPolicy.class).inNamespace(namespace).list().getItems().stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  private void printIfChanged(TextTable table, PgAuditPolicy p, long startNanos) {
    List<String> cells = TYPES.stream().map(type -> PolicyView.cell(p, type)).toList();
    if (cells.stream().allMatch(String::isEmpty)) return; // no status yet: nothing to tell
    String name = p.getMetadata().getName();
    if (cells.equals(lastPrinted.get(name))) return;
    lastPrinted.put(name, cells);
    String time = String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - startNanos) / 1e9);
    List<String> row = new ArrayList<>(List.of(time, name));
    row.addAll(cells);
    out.println(table.line(row));
  }
}
