package dev.pgaudit.reliability;

import dev.pgaudit.reliability.BadInputSuite.Handled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The bad-input part of docs/reliability.md. */
final class BadInputReport {
  private BadInputReport() {}

  static List<String> render(BadInputSuite.Summary s) {
    List<String> out = new ArrayList<>();
    List<Handled> accepted = s.handled().stream().filter(h -> h.rules().isEmpty()).toList();
    out.add("## Bad input");
    out.add("");
    out.add("| | |");
    out.add("|---|---|");
    out.add("| specs tried | " + s.handled().size() + " |");
    out.add("| refused by the CRD schema (offline validator: OpenAPI schema + CEL rules) | " + s.rejected() + " |");
    out.add("| accepted, run through the operator, ended with the expected condition | " + accepted.size() + " |");
    out.add("| exceptions escaping the reconciler, unexpected conditions, other problems | " + s.problems().size() + " |");
    out.add("| SQL statements run (every one exactly an intended SET/RESET on its target) | " + s.sqlStatements() + " |");
    out.add("| most reconciles of one accepted spec in " + BadInputSuite.WINDOW.toSeconds() + " s once settled (bounds: 1"
        + " when Ready, 2 when it needs a human, " + BadInputSuite.MAX_RECONCILES_IN_WINDOW + " when transient) | "
        + s.maxReconcilesInWindow() + " |");
    out.add("| accepted specs edited once settled, then deleted: " + s.edits().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + " | "
        + s.edits().values().stream().mapToLong(Long::longValue).sum() + " |");
    LeftBehind.Count left = s.left().count();
    out.add("| left behind once all were edited and deleted: settings / service keys / integrations | " + left.settings()
        + " / " + left.serviceKeys() + " / " + left.integrations() + " |");
    out.add("| run time | " + ReliabilityReport.millis(s.runMillis()) + " |");
    out.add("");
    out.add("Every accepted spec that settled as expected is then edited (an Enforce policy that works is switched to"
        + " DryRun, so its delete must undo what it wrote while Enforce; a hostile `settings.role` is removed, which"
        + " RESETs it; a DryRun one changes its classes; a failing one adds a setting: it wrote nothing and must"
        + " release nothing), settles again, and is deleted. \"Left behind\" counts database and role settings not"
        + " as they were before the corpus ran, pgaudit keys of the cases' services not at Aiven's default, and"
        + " integrations from those services, put down to the class of the case on whose target or service they are.");
    out.add("");
    out.add("How each class was handled:");
    out.add("");
    out.add("| class | specs | refused | accepted: Ready status/reason (count) | example Ready message | left behind |");
    out.add("|---|---|---|---|---|---|");
    Map<String, List<Handled>> byClass = new LinkedHashMap<>();
    s.handled().forEach(h -> byClass.computeIfAbsent(h.input().klass(), k -> new ArrayList<>()).add(h));
    byClass.forEach((klass, list) -> {
      long refused = list.stream().filter(h -> !h.rules().isEmpty()).count();
      String outcomes = BadInputSuite.count(list.stream().filter(h -> h.rules().isEmpty())
              .map(h -> h.status() + "/" + h.reason()).toList()).entrySet().stream()
          .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
      String example = list.stream().filter(h -> h.rules().isEmpty() && h.message() != null).map(Handled::message)
          .findFirst().map(BadInputReport::cell).orElse("—");
      out.add("| " + klass + " | " + list.size() + " | " + refused + " | " + (outcomes.isEmpty() ? "—" : outcomes) + " | "
          + example + " | " + (refused == list.size() ? "—" : s.left().byClass().getOrDefault(klass, 0L)) + " |");
    });
    out.add("");
    out.add("Refusals per CRD rule (a spec may break more than one):");
    out.add("");
    out.add("| rule | specs |");
    out.add("|---|---|");
    BadInputSuite.count(s.handled().stream().flatMap(h -> h.rules().stream()).toList())
        .forEach((rule, n) -> out.add("| " + rule.replace("|", "\\|") + " | " + n + " |"));
    out.add("");
    out.add("Accepted specs per Ready condition:");
    out.add("");
    out.add("| Ready | specs |");
    out.add("|---|---|");
    BadInputSuite.count(accepted.stream().map(h -> h.status() + " / " + h.reason()).toList())
        .forEach((reason, n) -> out.add("| " + reason + " | " + n + " |"));
    return out;
  }

  /** One table cell: control characters visible, pipes escaped, at most 160 characters. */
  private static String cell(String text) {
    String printable = BadInputSuite.printable(text).replace("|", "\\|");
    return printable.length() <= 160 ? printable : printable.substring(0, 159) + "…";
  }
}
