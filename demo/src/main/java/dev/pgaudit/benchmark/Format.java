package dev.pgaudit.benchmark;

import java.time.Duration;
import java.util.Locale;

/** Numbers as the report shows them. */
final class Format {
  private Format() {}

  static String seconds(Duration d) {
    double s = d.toNanos() / 1e9;
    return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f s", s);
  }

  static String millis(Duration d) {
    return d.toMillis() < 10_000 ? d.toMillis() + " ms" : seconds(d);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1024.0 / 1024.0);
  }

  static String number(double n) {
    if (n == Math.rint(n)) return String.format(Locale.ROOT, "%,d", (long) n);
    return String.format(Locale.ROOT, "%,.2f", n);
  }

  /** "412 (1.03× min 400)", "0 (= min)", "3 (min 0)". */
  static String vsMinimum(double measured, double minimum) {
    String m = number(measured);
    if (minimum == 0) return measured == 0 ? m + " (= min)" : m + " (min 0)";
    return String.format(Locale.ROOT, "%s (%.2f× min %s)", m, measured / minimum, number(minimum));
  }

  static String ratio(double measured, double minimum) {
    if (minimum == 0) return measured == 0 ? "1.00" : "∞";
    return String.format(Locale.ROOT, "%.2f", measured / minimum);
  }
}
