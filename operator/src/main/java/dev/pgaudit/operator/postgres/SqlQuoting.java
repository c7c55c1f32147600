package dev.pgaudit.operator.postgres;

import java.sql.SQLException;
import org.postgresql.core.Utils;

/**
 * Quotes identifiers and literals for statements that cannot take bind parameters (ALTER ... SET
 * is a utility statement: {@code SET x = $1} is a syntax error). Works without a connection.
 */
public final class SqlQuoting {
  private SqlQuoting() {}

  /**
   * Always double-quotes, doubling embedded {@code "}, so the name is used exactly as written:
   * {@code Sales DB} stays {@code "Sales DB"} instead of being folded to lower case.
   *
   * @throws IllegalArgumentException for a name containing NUL, which PostgreSQL cannot store
   */
  public static String identifier(String name) {
    try {
      return Utils.escapeIdentifier(null, name).toString();
    } catch (SQLException e) {
      throw new IllegalArgumentException("a PostgreSQL name cannot contain a NUL character", e);
    }
  }

  /**
   * A name as PostgreSQL would print it, for messages, events and status.plan: double-quoted with
   * embedded {@code "} doubled, so {@code role "app"" in database ""orders"} (one role) and
   * {@code role "app" in database "orders"} (a role in a database) never read the same. Unlike
   * {@link #identifier} it never throws: a message must be written even about a name that is invalid.
   */
  public static String quoted(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A single-quoted literal for a server with standard_conforming_strings = on (the default). */
  public static String literal(String value) {
    return literal(value, true);
  }

  /**
   * A single-quoted literal. With {@code standardConformingStrings} off, backslashes are doubled
   * too, because such a server reads them as escapes inside '...'.
   *
   * @throws IllegalArgumentException for a value containing NUL
   */
  public static String literal(String value, boolean standardConformingStrings) {
    try {
      // pgJDBC escapes the content but leaves the surrounding quotes to the caller.
      return "'" + Utils.escapeLiteral(null, value, standardConformingStrings) + "'";
    } catch (SQLException e) {
      throw new IllegalArgumentException("a PostgreSQL value cannot contain a NUL character", e);
    }
  }
}
