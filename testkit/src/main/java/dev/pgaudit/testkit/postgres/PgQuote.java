package dev.pgaudit.testkit.postgres;

/**
 * Quoting for the test kit's own SQL (set-up statements that take no bind parameters, such as
 * {@code ALTER SYSTEM SET}). Written here rather than borrowed from the operator, so that a quoting
 * mistake in the product cannot hide behind the same mistake in its stand-ins.
 */
public final class PgQuote {
  private PgQuote() {}

  /** Always double-quoted with embedded {@code "} doubled, so the name is used exactly as written. */
  public static String identifier(String name) {
    rejectNul(name, "name");
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /**
   * A single-quoted literal with embedded {@code '} doubled, for a server with
   * standard_conforming_strings on (the default, and what the launcher runs): backslashes are plain.
   */
  public static String literal(String value) {
    rejectNul(value, "value");
    return "'" + value.replace("'", "''") + "'";
  }

  private static void rejectNul(String text, String what) {
    if (text.indexOf('\0') >= 0) throw new IllegalArgumentException("a PostgreSQL " + what + " cannot contain NUL");
  }
}
