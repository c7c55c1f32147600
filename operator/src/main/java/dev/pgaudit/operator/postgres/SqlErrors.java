package dev.pgaudit.operator.postgres;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns PostgreSQL errors into findings with one sentence that names setting and target. */
final class SqlErrors {
  private SqlErrors() {}

  /** A failed SET or RESET of {@code setting} on {@code target}. */
  static SqlSettingsException failedWrite(SQLException e, SqlTarget target, PgAuditSetting setting, boolean reset) {
    String what = (reset ? "Cannot reset " : "Cannot set ") + setting.guc() + " on " + target.describe();
    Finding.Kind kind = kindOf(e);
    String message = kind == Finding.Kind.CONNECTION_FAILED
        ? what + " because the connection to PostgreSQL failed: " + reason(e) + "."
        : what + ": " + reason(e) + " (SQLSTATE " + e.getSQLState() + ").";
    return new SqlSettingsException(new Finding(kind, target, setting, message), e);
  }

  /** A failed read or check that is not about one setting. */
  static SqlSettingsException failedQuery(SQLException e, String doing) {
    Finding.Kind kind = kindOf(e);
    String message = "Cannot " + doing + ": " + reason(e) + " (SQLSTATE " + e.getSQLState() + ").";
    return new SqlSettingsException(new Finding(kind, null, null, message), e);
  }

  static Finding.Kind kindOf(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
      // 08: connection exceptions; 57P: server shutting down / restarted; 53: out of resources
      return Finding.Kind.CONNECTION_FAILED;
    }
    return switch (state) {
      case "42501" -> reason(e).contains("must be owner") ? Finding.Kind.NOT_OWNER : Finding.Kind.MISSING_PRIVILEGE;
      case "42704" -> reason(e).contains("role") ? Finding.Kind.ROLE_NOT_FOUND : Finding.Kind.OTHER;
      case "3D000" -> Finding.Kind.DATABASE_NOT_FOUND;
      case "22023" -> Finding.Kind.INVALID_VALUE;
      default -> Finding.Kind.OTHER;
    };
  }

  /**
   * The server's own message (e.g. "must be owner of database orders"), or the driver's. Neither
   * contains the password: pgJDBC never echoes it.
   */
  static String reason(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null && server.getMessage() != null) return server.getMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    return firstLine.endsWith(".") ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
  }
}
