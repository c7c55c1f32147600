package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Observed;

/** What one reconcile read, plus the gateways to write through. Close it when done. */
record Observation(AivenClient aiven, AivenService service, LazySession sql, Observed observed) implements AutoCloseable {
  @Override
  public void close() {
    sql.close();
  }
}
