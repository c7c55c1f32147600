package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a new status on a policy when it differs from the stored one, and says so once: a log line
 * with the Ready condition, and a Warning Event when the tenancy rule set now refuses the policy.
 * An unchanged status is not written (and nothing is said), so a resting policy writes nothing.
 */
final class StatusChange {
  private static final Logger log = LoggerFactory.getLogger(PgAuditPolicyReconciler.class);
  /** Ready reasons told as a Warning Event of the same reason: the rule set refused the policy. */
  private static final Set<String> REFUSALS = Set.of(Conditions.Reason.NOT_ALLOWED, Conditions.Reason.MANAGED_ROLE);

  private StatusChange() {}

  /** True when the status changed and is now on the policy, to be written. */
  static boolean apply(PgAuditPolicy policy, PgAuditPolicyStatus status, EventRecorder events) {
    if (status.equals(policy.getStatus())) return false;
    Conditions.find(status, Conditions.READY).ifPresent(ready -> {
      log.info("{} Ready={} {}: {}", policy.key(), ready.getStatus(), ready.getReason(), ready.getMessage());
      if ("False".equals(ready.getStatus()) && REFUSALS.contains(ready.getReason())) {
        events.warning(policy, ready.getReason(), ready.getMessage());
      }
    });
    policy.setStatus(status);
    return true;
  }
}
