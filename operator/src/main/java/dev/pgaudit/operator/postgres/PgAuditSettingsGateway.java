package dev.pgaudit.operator.postgres;

/**
 * The one way into PostgreSQL: opens a session with the given credentials. Sessions read and
 * write the pgaudit settings of databases, roles and roles in databases.
 */
public final class PgAuditSettingsGateway {

  /** Told about every statement that changed a setting (for metrics and events). */
  public interface StatementListener {
    void applied(SqlTarget target, String statement);

    StatementListener NONE = (target, statement) -> {};
  }

  private final StatementListener listener;

  public PgAuditSettingsGateway(StatementListener listener) {
    this.listener = listener;
  }

  /** Connects; a failure becomes a {@link SqlSettingsException} with a CONNECTION_FAILED finding. */
  public PgAuditSession open(PgConnectionParams params) {
    throw new UnsupportedOperationException("issue 4");
  }
}
