package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.PolicyIntent;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleanup of a deleted policy, in order: nothing to undo for an invalid spec, or outside the
 * namespace's allowance with nothing recorded on a service it may use → the Dashboards objects it
 * made → what its applied record says it wrote ({@link Releases#undo}). A failed undo keeps the finalizer, says why in status and is thrown to
 * JOSDK, whose retry brings it back; the attempts are JOSDK's ({@link RetryInfo}), and the last one
 * lets the policy go.
 */
final class CleanupSteps {
  private static final Logger log = LoggerFactory.getLogger(PgAuditPolicyReconciler.class);

  private final ReconcilerSettings settings;
  private final TenancyGate tenancy;
  private final AppliedStore store;
  private final Releases releases;
  private final DashboardsStep dashboards;
  private final CoverageNotices coverage;
  private final Clock clock;

  CleanupSteps(ReconcilerSettings settings, TenancyGate tenancy, AppliedStore store, Releases releases,
      DashboardsStep dashboards, CoverageNotices coverage, Clock clock) {
    this.settings = settings;
    this.tenancy = tenancy;
    this.store = store;
    this.releases = releases;
    this.dashboards = dashboards;
    this.coverage = coverage;
    this.clock = clock;
  }

  /** Removes the finalizer once there is nothing (more) to undo; throws {@link PolicyFailure} to be retried. */
  DeleteControl run(PgAuditPolicy policy, Context<PgAuditPolicy> context, EventRecorder events) {
    coverage.gone(policy);
    if (!SpecCheck.valid(policy)) {
      events.normal(policy, Conditions.EventReason.CLEANED_UP, "the policy was invalid and wrote nothing; nothing to undo");
      return DeleteControl.defaultDelete();
    }
    var allowance = tenancy.decide(policy);
    PolicyIntent intent = Intents.of(policy);
    PolicyEnforcer.CleanupResult result;
    try {
      Records records = new Records(store, context.getClient(), events);
      // Outside its allowance the token may not be used for it on the refused service, not even to
      // undo; what it wrote on services its namespace may use (before spec.service or the sink
      // moved out of the allowance) is released below, service by service, like any delete.
      if (!allowance.allowed() && !releases.recordedWhereAllowed(policy, records)) {
        events.normal(policy, Conditions.EventReason.CLEANED_UP, "nothing undone: " + allowance.message()
            + "; anything it wrote while it was allowed stays in place");
        return DeleteControl.defaultDelete();
      }
      ReconcileFailure dashboardsLeft = policy.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan ? null
          : dashboards.releaseAll(policy, intent, context, records, null, events, Conditions.EventReason.CLEANED_UP);
      if (dashboardsLeft != null) throw dashboardsLeft;
      result = releases.undo(policy, intent, context, records, events);
    } catch (ReconcileFailure f) {
      result = new PolicyEnforcer.CleanupResult(f, 0);
    }
    if (result == null) return DeleteControl.defaultDelete();
    if (result.serviceGone() != null) {
      // Everything a policy writes lives on its service (settings, databases, the integration
      // from it): with the service or project gone, there is nothing left to undo or to retry.
      events.normal(policy, Conditions.EventReason.CLEANED_UP, "nothing to undo: " + result.serviceGone()
          + "; what the policy set there is gone with it");
      log.info("{} cleaned up: its service is gone", policy.key());
      return DeleteControl.defaultDelete();
    }
    if (result.done()) {
      if (result.changes() > 0) coverage.released(LivePolicies.admittedOn(context, intent.service(), tenancy), policy);
      log.info("{} cleaned up ({} change(s))", policy.key(), result.changes());
      return DeleteControl.defaultDelete();
    }
    return failed(policy, context, intent, result.failure(), events);
  }

  /** The last attempt lets the policy go; an earlier one says why in status and is thrown to JOSDK's retry. */
  private DeleteControl failed(PgAuditPolicy policy, Context<PgAuditPolicy> context, PolicyIntent intent,
      ReconcileFailure failure, EventRecorder events) {
    int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0) + 1;
    int max = settings.maxCleanupAttempts();
    if (attempt >= max) {
      events.warning(policy, Conditions.EventReason.CLEANUP_ABANDONED, "gave up undoing the policy after " + attempt
          + " attempts (" + failure.reason + ": " + failure.getMessage() + "); settings it made may remain on "
          + intent.service() + "; the finalizer is removed so the resource can go");
      return DeleteControl.defaultDelete();
    }
    String message = "cleanup attempt " + attempt + " of " + max + " failed: " + failure.getMessage();
    // Without the attempt number, so the retries are one Event whose count grows.
    events.warning(policy, Conditions.EventReason.FAILED, "cleanup failed and will be retried: " + failure.getMessage());
    try {
      PgAuditPolicy stored = FailureControl.clone(context, policy);
      policy.setStatus(StatusBuilder.build(policy,
          Outcome.stopped(policy, failure.layer, LayerState.failed(failure.reason, message), null), clock.instant()));
      FailureControl.writeStatus(context, stored, policy);
    } catch (RuntimeException e) {
      log.warn("{} could not report the cleanup failure in status: {}", policy.key(), e.getMessage());
      StatusWriteRefusal.of(e).ifPresent(refusal -> settings.statusWrites().refused(refusal.reason()));
    }
    throw new PolicyFailure(policy, failure.reason, message, null, failure.retryAfter);
  }
}
