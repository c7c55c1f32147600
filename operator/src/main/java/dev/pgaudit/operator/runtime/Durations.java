package dev.pgaudit.operator.runtime;

import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the durations the runtime contract accepts: 30s, 5m, 1h, 1h30m, 500ms, 2d (Go/Kubernetes
 * style, summed by Fabric8's {@link io.fabric8.kubernetes.api.model.Duration}) or ISO-8601 (PT5M).
 */
public final class Durations {
  /**
   * The contract is stricter than Fabric8, which also takes "5 min", "1.5h" as 5h and "-5s" as 5s
   * (it looks for number-unit pairs anywhere in the text): the whole value must be such pairs.
   */
  private static final Pattern GO_STYLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

  private Durations() {}

  /** @throws IllegalArgumentException with a message that quotes the value and shows valid forms */
  public static Duration parse(String text) {
    String value = text.trim();
    try {
      if (value.toUpperCase(Locale.ROOT).startsWith("P")) return Duration.parse(value.toUpperCase(Locale.ROOT));
      if (!GO_STYLE.matcher(value).matches()) throw invalid(text);
      return io.fabric8.kubernetes.api.model.Duration.parse(value).getDuration();
    } catch (DateTimeParseException | ParseException | ArithmeticException | NumberFormatException e) {
      throw invalid(text);
    }
  }

  /** The short form used in logs: 5m, 30s, 1h30m, 250ms. */
  public static String format(Duration duration) {
    if (duration.isZero()) return "0s";
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    if (hours > 0) out.append(hours).append('h');
    if (duration.toMinutesPart() > 0) out.append(duration.toMinutesPart()).append('m');
    if (duration.toSecondsPart() > 0) out.append(duration.toSecondsPart()).append('s');
    if (duration.toMillisPart() > 0) out.append(duration.toMillisPart()).append("ms");
    return out.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("expected a duration such as 30s, 5m, 1h or PT5M, got '" + text + "'");
  }
}
