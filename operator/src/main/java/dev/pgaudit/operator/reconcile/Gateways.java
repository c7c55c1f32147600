package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;

/**
 * What one reconcile writes through: the Aiven client with the policy's token, its PostgreSQL
 * session (opened on first use, by a read or a write), and where its sinks' destinations are
 * looked up (the project's shared reading, re-read through the same client). Close it when done.
 */
record Gateways(AivenClient aiven, LazySession sql, SinkDestinations destinations) implements AutoCloseable {
  @Override
  public void close() {
    sql.close();
  }
}
