package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import java.util.Set;

/**
 * Whether a policy's applied record is lost: the policy has written before (its status says the
 * service was configured by it) and yet no record of it exists anywhere, or its record is unreadable.
 * A policy that never wrote has no record and nothing to lose.
 */
final class AppliedHistory {
  static final String LOST_NOTE = " (no record of what it applied before was found: settings of its earlier specs are not released)";

  private AppliedHistory() {}

  static boolean lost(PgAuditPolicy policy, ServiceRecord record, Set<ServiceKey> servicesWithRecord) {
    String key = policy.key();
    if (record.has(key)) return false;
    return record.unreadable().contains(key) || (servicesWithRecord.isEmpty() && appliedBefore(policy));
  }

  /**
   * The loss was noticed at this generation already: the note stays in the condition until the
   * spec changes (from then on the record is whole again).
   */
  static boolean notedAtThisGeneration(PgAuditPolicy policy) {
    if (policy.getStatus() == null) return false;
    Long generation = policy.getMetadata().getGeneration();
    return policy.getStatus().getConditions().stream().anyMatch(c -> Conditions.SERVICE_CONFIGURED.equals(c.getType())
        && c.getMessage() != null && c.getMessage().endsWith(LOST_NOTE)
        && java.util.Objects.equals(c.getObservedGeneration(), generation));
  }

  /** The last status says an Enforce reconcile configured the service: it wrote (or held) something. */
  static boolean appliedBefore(PgAuditPolicy policy) {
    if (policy.getStatus() == null) return false;
    return policy.getStatus().getConditions().stream().anyMatch(c -> Conditions.SERVICE_CONFIGURED.equals(c.getType())
        && "True".equals(c.getStatus()) && Conditions.Reason.RECONCILED.equals(c.getReason()));
  }
}
