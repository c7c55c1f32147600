package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import java.time.Duration;

/**
 * A reconcile or cleanup of a policy that failed, thrown to JOSDK so that its retry, its error
 * status handler ({@link PgAuditPolicyReconciler#updateErrorStatus}) and its failure metrics see
 * it. It carries what the status should say (null for a cleanup, which reports its own attempt
 * count) and when to look again: null = only a change can fix it. Its message is the condition's,
 * with the policy first; no stack trace, as it is an expected end, not a bug.
 */
final class PolicyFailure extends RuntimeException {
  final PgAuditPolicyStatus status;
  final Duration retryAfter;

  PolicyFailure(PgAuditPolicy policy, String reason, String message, PgAuditPolicyStatus status, Duration retryAfter) {
    super(policy.key() + " " + reason + ": " + message, null, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The failure {@code e} is or wraps (JOSDK's metrics wrap what a reconcile throws in an OperatorException). */
  static java.util.Optional<PolicyFailure> in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PolicyFailure failure) return java.util.Optional.of(failure);
    }
    return java.util.Optional.empty();
  }

  /**
   * A reconcile failed when a layer did (a DryRun's pending changes are not failures); a lost
   * conflict and a wait for something that passes by itself are not failures.
   */
  static boolean failed(Outcome outcome) {
    return outcome.conflict() == null && outcome.firstFailure() != null;
  }

  /** The failure of a reconcile whose outcome {@link #failed}, carrying the status built from it. */
  static PolicyFailure of(PgAuditPolicy policy, Outcome outcome, PgAuditPolicyStatus status) {
    LayerState first = outcome.firstFailure();
    return new PolicyFailure(policy, first.reason(), first.message(), status, outcome.retryAfter());
  }
}
