package dev.pgaudit.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a set of durations. */
record Percentiles(int count, Duration p50, Duration p95, Duration max) {

  static Percentiles of(List<Duration> samples) {
    if (samples.isEmpty()) return new Percentiles(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    List<Duration> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 95), sorted.get(sorted.size() - 1));
  }

  private static Duration rank(List<Duration> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
