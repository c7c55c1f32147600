package dev.pgaudit.operator.postgres;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares pgaudit values by meaning, as PostgreSQL and pgaudit read them. PostgreSQL stores
 * values exactly as typed ("Of", "READ, -Misc"), so text comparison would see false drift.
 */
public final class SettingValues {
  private SettingValues() {}

  private static final Pattern HEX = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");
  private static final Pattern OCTAL = Pattern.compile("[+-]?0[0-7]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9][0-9]*)");
  // A leading 0 followed by digits is octal to strtol, so such a number is never a fraction here.
  private static final Pattern FRACTION =
      Pattern.compile("[+-]?((0|[1-9][0-9]*)(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  /**
   * True when both raw values mean the same for the setting: class lists as case-insensitive
   * effective sets (with -exclusions, misc covering misc_set), booleans as PostgreSQL parses them
   * (on/true/yes/1, unique prefixes), numbers numerically, levels case-insensitively, role exactly.
   *
   * <p>null means "not stored" and equals only null. A value the server would reject is compared
   * as exact text.
   */
  public static boolean sameMeaning(PgAuditSetting setting, String a, String b) {
    if (a == null || b == null) return a == null && b == null;
    if (a.equals(b)) return true;
    Optional<?> left = canonical(setting, a);
    Optional<?> right = canonical(setting, b);
    return left.isPresent() && right.isPresent() && left.get().equals(right.get());
  }

  /**
   * The classes a pgaudit.log value switches on, left to right: e.g. "all, -misc" gives
   * [ddl, function, read, role, write]; "misc" gives [misc, misc_set]; "" and "none" give [].
   * Empty when pgaudit would reject the value.
   */
  public static Optional<Set<String>> logClasses(String raw) {
    return LogClassList.effectiveClasses(raw);
  }

  /**
   * A boolean as PostgreSQL's parse_bool reads it: case-insensitive unique prefixes of true,
   * false, yes, no, on, off (at least "of" for off), and 1 / 0. Empty when invalid.
   */
  public static Optional<Boolean> parseBoolean(String raw) {
    if (raw == null || raw.isEmpty()) return Optional.empty();
    String v = raw.toLowerCase(Locale.ROOT);
    if ("true".startsWith(v) || "yes".startsWith(v)) return Optional.of(true);
    if ("false".startsWith(v) || "no".startsWith(v)) return Optional.of(false);
    if (v.length() >= 2 && "on".startsWith(v)) return Optional.of(true);
    if (v.length() >= 2 && "off".startsWith(v)) return Optional.of(false);
    if (v.equals("1")) return Optional.of(true);
    if (v.equals("0")) return Optional.of(false);
    return Optional.empty();
  }

  /**
   * An integer as PostgreSQL's parse_int reads it (strtol base 0): decimal, 0x hex, leading-0
   * octal, surrounding whitespace, or a decimal fraction rounded to the nearest integer. Units
   * are not accepted. Empty when invalid.
   */
  public static OptionalLong parseInteger(String raw) {
    if (raw == null) return OptionalLong.empty();
    String v = raw.strip();
    try {
      if (HEX.matcher(v).matches()) {
        long magnitude = Long.parseLong(v.replaceFirst("^[+-]?0[xX]", ""), 16);
        return OptionalLong.of(v.startsWith("-") ? -magnitude : magnitude);
      }
      if (OCTAL.matcher(v).matches()) return OptionalLong.of(Long.parseLong(v, 8));
      if (DECIMAL.matcher(v).matches()) return OptionalLong.of(Long.parseLong(v));
      if (FRACTION.matcher(v).matches()) return OptionalLong.of((long) Math.rint(Double.parseDouble(v)));
    } catch (NumberFormatException e) {
      // out of range: PostgreSQL rejects it too
    }
    return OptionalLong.empty();
  }

  /** A pgaudit.log_level in lower case, with "debug" read as its alias "debug2"; empty when invalid. */
  public static Optional<String> logLevel(String raw) {
    if (raw == null) return Optional.empty();
    String v = raw.toLowerCase(Locale.ROOT);
    return switch (v) {
      case "debug" -> Optional.of("debug2");
      case "debug1", "debug2", "debug3", "debug4", "debug5", "info", "notice", "warning", "log" -> Optional.of(v);
      default -> Optional.empty();
    };
  }

  private static Optional<?> canonical(PgAuditSetting setting, String raw) {
    Objects.requireNonNull(raw);
    return switch (setting.kind()) {
      case CLASS_LIST -> logClasses(raw);
      case BOOLEAN -> parseBoolean(raw);
      case INTEGER -> {
        OptionalLong n = parseInteger(raw);
        yield n.isPresent() ? Optional.of(n.getAsLong()) : Optional.empty();
      }
      case LEVEL -> logLevel(raw);
      case TEXT -> Optional.of(raw); // pgaudit.role is a role name used exactly as written
    };
  }
}
