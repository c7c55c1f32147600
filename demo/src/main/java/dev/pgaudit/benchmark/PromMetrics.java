package dev.pgaudit.benchmark;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples read out of one Prometheus text exposition (the operator's /metrics). */
record PromMetrics(String text) {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static final PromMetrics EMPTY = new PromMetrics("");

  /** Sum of the samples named {@code name} whose labels include all of {@code labels}; 0 when none. */
  double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) continue;
      if (!labelsOf(m.group(3)).entrySet().containsAll(labels.entrySet())) continue;
      double value = Double.parseDouble(m.group(4));
      if (!Double.isNaN(value)) total += value;
    }
    return total;
  }

  /** Whether any sample's name starts with {@code prefix}. */
  boolean has(String prefix) {
    return text.lines().anyMatch(l -> l.startsWith(prefix));
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  private static Map<String, String> labelsOf(String labels) {
    Map<String, String> out = new HashMap<>();
    if (labels == null) return out;
    Matcher m = LABEL.matcher(labels);
    while (m.find()) out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
    return out;
  }
}
