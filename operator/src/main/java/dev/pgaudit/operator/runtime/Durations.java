package dev.pgaudit.operator.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations the runtime contract accepts: 30s, 5m, 1h, 1h30m, 500ms, or ISO-8601 (PT5M). */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

  private Durations() {}

  /** @throws IllegalArgumentException with a message that quotes the value and shows valid forms */
  public static Duration parse(String text) {
    String value = text.trim();
    if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    if (!WHOLE.matcher(value).matches()) throw invalid(text);
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    return total;
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
