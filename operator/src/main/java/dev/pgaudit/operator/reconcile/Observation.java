package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Observed;
import java.time.Instant;

/**
 * What one reconcile read (possibly shared, read at {@code readAt}), plus the gateways to write
 * through. Close it when done.
 */
record Observation(AivenClient aiven, AivenService service, LazySession sql, Observed observed,
    ObservationCache.Key cacheKey, Instant readAt) implements AutoCloseable {
  @Override
  public void close() {
    sql.close();
  }
}
