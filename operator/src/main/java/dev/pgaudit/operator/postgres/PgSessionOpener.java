package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.postgresql.PGConnection;

/**
 * The one way into PostgreSQL: opens a session with the given credentials. Sessions read and
 * write the pgaudit settings of databases, roles and roles in databases. {@link #reuse} hands out
 * a session another caller finished with a moment ago ({@link IdleSessions}); {@link #open} always
 * logs in. Closing the opener closes the idle sessions.
 */
public final class PgSessionOpener implements AutoCloseable {

  /** Told about every statement that changed a setting, after its commit (for metrics and tests). */
  public interface StatementListener {
    void applied(SettingWrite write);

    StatementListener NONE = write -> {};
  }

  private final StatementListener listener;
  private final IdleSessions idle;
  private final LongSupplier nanoClock;

  public PgSessionOpener(StatementListener listener) {
    this(listener, System::nanoTime);
  }

  PgSessionOpener(StatementListener listener, LongSupplier nanoClock) {
    this.listener = listener;
    this.idle = new IdleSessions(nanoClock);
    this.nanoClock = nanoClock;
  }

  /**
   * An idle session of this login that logged in less than {@code maxLoginAge} ago, else a new one
   * ({@link #open}). Closing it gives it back for a few seconds. {@link PgAuditSession#loginAge}
   * tells how old its proof of the credentials is.
   */
  public PgAuditSession reuse(PgConnectionParams params, Duration maxLoginAge) {
    // Nothing may be reused: a session kept idle would only hold a connection.
    if (maxLoginAge.isZero() || maxLoginAge.isNegative()) return connect(params, false);
    PgAuditSession session = idle.take(params, maxLoginAge);
    return session != null ? session : connect(params, true);
  }

  /**
   * Connects (a new login); closing the session disconnects. A failure becomes a
   * {@link SqlSettingsException} with a LOGIN_FAILED or CONNECTION_FAILED finding.
   */
  public PgAuditSession open(PgConnectionParams params) {
    return connect(params, false);
  }

  /** Sessions kept idle right now. */
  int idleSessions() {
    return idle.idleCount();
  }

  @Override
  public void close() {
    idle.close();
  }

  private PgAuditSession connect(PgConnectionParams params, boolean reusable) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
      connection.setAutoCommit(true);
      int pid = connection.unwrap(PGConnection.class).getBackendPID();
      idle.opened(params, pid);
      SessionLifecycle lifecycle = new SessionLifecycle(params, pid, nanoClock, nanoClock.getAsLong(),
          reusable ? idle::offer : PgAuditSession::discard, () -> idle.discarded(params, pid),
          () -> idle.ownBackends(params));
      return new PgAuditSession(connection, listener, lifecycle);
    } catch (SQLException e) {
      closeQuietly(connection);
      String message = "Cannot connect to PostgreSQL at " + params.host() + ":" + params.port()
          + " as user " + SqlQuoting.quoted(params.user()) + ": " + SqlErrors.reason(e) + ".";
      // Class 28 (invalid authorization): the server answered and refused these credentials.
      Finding.Kind kind = e.getSQLState() != null && e.getSQLState().startsWith("28")
          ? Finding.Kind.LOGIN_FAILED : Finding.Kind.CONNECTION_FAILED;
      throw new SqlSettingsException(new Finding(kind, null, null, message), e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) return;
    try {
      connection.close();
    } catch (SQLException e) {
      // it failed while being set up; nothing was done on it
    }
  }
}
