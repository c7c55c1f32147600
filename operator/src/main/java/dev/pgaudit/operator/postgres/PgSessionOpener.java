package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The one way into PostgreSQL: opens a session with the given credentials. Sessions read and
 * write the pgaudit settings of databases, roles and roles in databases.
 */
public final class PgSessionOpener {

  /** Told about every statement that changed a setting, after its commit (for metrics and tests). */
  public interface StatementListener {
    void applied(SettingWrite write);

    StatementListener NONE = write -> {};
  }

  private final StatementListener listener;

  public PgSessionOpener(StatementListener listener) {
    this.listener = listener;
  }

  /** Connects; a failure becomes a {@link SqlSettingsException} with a LOGIN_FAILED or CONNECTION_FAILED finding. */
  public PgAuditSession open(PgConnectionParams params) {
    try {
      Connection connection = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
      connection.setAutoCommit(true);
      return new PgAuditSession(connection, listener);
    } catch (SQLException e) {
      String message = "Cannot connect to PostgreSQL at " + params.host() + ":" + params.port()
          + " as user " + SqlQuoting.quoted(params.user()) + ": " + SqlErrors.reason(e) + ".";
      // Class 28 (invalid authorization): the server answered and refused these credentials.
      Finding.Kind kind = e.getSQLState() != null && e.getSQLState().startsWith("28")
          ? Finding.Kind.LOGIN_FAILED : Finding.Kind.CONNECTION_FAILED;
      throw new SqlSettingsException(new Finding(kind, null, null, message), e);
    }
  }
}
