package dev.pgaudit.operator.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition. */
final class PromText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PromText() {}

  /** Sum of the samples named {@code name} whose labels include all of {@code labels}; empty when none. */
  static Optional<Double> sum(String text, String name, Map<String, String> labels) {
    double total = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) continue;
      if (!labelsOf(m.group(3)).entrySet().containsAll(labels.entrySet())) continue;
      total += Double.parseDouble(m.group(4));
      found = true;
    }
    return found ? Optional.of(total) : Optional.empty();
  }

  static double sumOrZero(String text, String name) {
    return sum(text, name, Map.of()).orElse(0.0);
  }

  private static Map<String, String> labelsOf(String labels) {
    Map<String, String> out = new java.util.HashMap<>();
    if (labels == null) return out;
    Matcher m = LABEL.matcher(labels);
    while (m.find()) out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
    return out;
  }
}
