package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.postgres.PgAuditSession;

/** What one reconcile read, plus the open gateways to write through. Close it when done. */
record Observation(AivenClient aiven, AivenService service, PgAuditSession sql, Observed observed) implements AutoCloseable {
  @Override
  public void close() {
    if (sql != null) sql.close();
  }
}
