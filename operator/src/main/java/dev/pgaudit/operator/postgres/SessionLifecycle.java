package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Where a session came from and where it goes when its user is done: back to the idle sessions
 * ({@link IdleSessions}) or closed. Knows the session's backend, when it logged in and when it was
 * last given back.
 *
 * @param release what closing the session does (keep it idle, or discard it)
 * @param discarded told once when the connection is really closed
 * @param ownBackends the backends of this process's sessions on the same server
 */
record SessionLifecycle(PgConnectionParams params, int backendPid, LongSupplier nanoClock, long loggedInAtNanos,
    Consumer<PgAuditSession> release, Runnable discarded, Supplier<Set<Integer>> ownBackends) {

  Duration loginAge() {
    return Duration.ofNanos(nanoClock.getAsLong() - loggedInAtNanos);
  }

  /** Clean enough to hand to another caller: open, in autocommit, no transaction left behind. */
  static boolean clean(Connection connection) {
    try {
      return !connection.isClosed() && connection.getAutoCommit()
          && connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The server still answers on this connection (one empty round trip). */
  static boolean answers(Connection connection) {
    try {
      return connection.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
