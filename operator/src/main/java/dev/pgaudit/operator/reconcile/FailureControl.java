package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

/**
 * What JOSDK does with a failed reconcile ({@link PolicyFailure}), chosen in
 * {@link PgAuditPolicyReconciler#updateErrorStatus} (Flink's {@code toErrorStatusUpdateControl}):
 * the status the failure carries is written when it changed, and its delay chooses who looks again:
 * <ul>
 *   <li>{@code delays.fast} (a transient failure: a connection, a service not running yet, a
 *       retryable Aiven error): JOSDK's retry ({@link ReconcilerSettings#failureRetry}), which backs
 *       off from there; once its attempts are used up, a look every {@code delays.slow};
 *   <li>another delay (what a human must fix outside Kubernetes, where no event would tell us: a
 *       token, a missing role; or a passing state with its own pace): no retry, a reschedule;
 *   <li>none (what only a spec or Secret change can fix, and such a change is an event): no retry.
 * </ul>
 * The status is written here, the way JOSDK would (server-side apply by the controller's field
 * manager, or a plain patch where SSA is off), and not handed to JOSDK: JOSDK only logs a refused
 * error-status write, and a refused write must be logged with its reason and counted like any
 * other ({@link StatusWriteRefusal}).
 */
final class FailureControl {
  private final RetryDelays delays;
  private final StatusWriteListener statusWrites;

  FailureControl(RetryDelays delays, StatusWriteListener statusWrites) {
    this.delays = delays;
    this.statusWrites = statusWrites;
  }

  ErrorStatusUpdateControl<PgAuditPolicy> control(PgAuditPolicy policy, Context<PgAuditPolicy> context,
      PolicyFailure failure, EventRecorder events) {
    PgAuditPolicy stored = clone(context, policy);
    if (failure.status != null && StatusChange.apply(policy, failure.status, events)) {
      try {
        writeStatus(context, stored, policy);
      } catch (RuntimeException e) {
        StatusWriteRefusal.tell(policy, e, statusWrites);
        if (StatusWriteRefusal.of(e).isEmpty()) throw e;
      }
    }
    ErrorStatusUpdateControl<PgAuditPolicy> control = ErrorStatusUpdateControl.noStatusUpdate();
    if (failure.retryAfter == null) return control.withNoRetry();
    if (!failure.retryAfter.equals(delays.fast())) return control.withNoRetry().rescheduleAfter(failure.retryAfter);
    boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    return lastAttempt ? control.withNoRetry().rescheduleAfter(delays.slow()) : control;
  }

  /** A copy of the policy as JOSDK handed it over, before its status is changed. */
  static PgAuditPolicy clone(Context<PgAuditPolicy> context, PgAuditPolicy policy) {
    return context.getControllerConfiguration().getConfigurationService().getResourceCloner().clone(policy);
  }

  /**
   * Writes the policy's status as JOSDK writes a primary's: server-side apply by the controller's
   * field manager, or (SSA off) a JSON patch from {@code stored} to it, without a resourceVersion
   * (the status subresource has one writer per policy: this operator).
   */
  static void writeStatus(Context<PgAuditPolicy> context, PgAuditPolicy stored, PgAuditPolicy policy) {
    var client = context.getClient();
    if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
      var managedFields = policy.getMetadata().getManagedFields();
      policy.getMetadata().setManagedFields(null);
      try {
        client.resource(policy).subresource("status").patch(new PatchContext.Builder()
            .withFieldManager(context.getControllerConfiguration().fieldManager())
            .withForce(true).withPatchType(PatchType.SERVER_SIDE_APPLY).build());
      } finally {
        policy.getMetadata().setManagedFields(managedFields);
      }
      return;
    }
    String resourceVersion = policy.getMetadata().getResourceVersion();
    stored.getMetadata().setResourceVersion(null);
    policy.getMetadata().setResourceVersion(null);
    try {
      client.resource(stored).editStatus(unused -> policy);
    } finally {
      policy.getMetadata().setResourceVersion(resourceVersion);
    }
  }
}
