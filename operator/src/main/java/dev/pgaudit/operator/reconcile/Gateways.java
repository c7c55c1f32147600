package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;

/**
 * What one reconcile writes through: the Aiven client with the policy's token, and its PostgreSQL
 * session (opened on first use, by a read or a write). Close it when done.
 */
record Gateways(AivenClient aiven, LazySession sql) implements AutoCloseable {
  @Override
  public void close() {
    sql.close();
  }
}
