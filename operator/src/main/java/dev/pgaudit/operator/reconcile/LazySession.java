package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.postgres.PgAuditSession;
import java.util.function.Supplier;

/**
 * A PostgreSQL session opened only when something must be read or written; closed with the
 * observation. Closed early (after a failed read), a later {@link #get} takes another.
 */
final class LazySession implements AutoCloseable {
  private final Supplier<PgAuditSession> opener;
  private PgAuditSession session;

  LazySession(Supplier<PgAuditSession> opener) {
    this.opener = opener;
  }

  PgAuditSession get() {
    if (session == null) session = opener.get();
    return session;
  }

  /** True once a session was opened (and so its login succeeded). */
  boolean opened() {
    return session != null;
  }

  @Override
  public void close() {
    if (session != null) session.close();
    session = null;
  }
}
