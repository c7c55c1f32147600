package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Observed;
import java.time.Instant;
import java.util.Set;

/**
 * What one reconcile read (possibly shared, read at {@code readAt}), plus the gateways to write
 * through. {@code missingAuditRoles}: the roles the policy's pgaudit.role names that do not exist;
 * {@code destinations}: where its sinks' destinations are looked up.
 * Close it when done.
 */
record Observation(AivenClient aiven, AivenService service, LazySession sql, Observed observed,
    ObservationCache.Key cacheKey, Instant readAt, Set<String> missingAuditRoles, SinkDestinations destinations)
    implements AutoCloseable {
  @Override
  public void close() {
    sql.close();
  }
}
