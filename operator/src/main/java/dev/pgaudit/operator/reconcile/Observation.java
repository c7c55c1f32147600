package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.Observed;
import java.time.Instant;
import java.util.Set;

/**
 * What one reconcile read, possibly shared with its peers (read at {@code readAt}, under
 * {@code cacheKey}): the service, the state its plan is compared with, and the roles its
 * pgaudit.role names that do not exist. Data only: what it writes through is {@link Gateways}.
 */
record Observation(AivenService service, Observed observed, Set<String> missingAuditRoles,
    ObservationCache.Key cacheKey, Instant readAt) {}
