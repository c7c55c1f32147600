package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.AuditReduction;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.PolicyIntent;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Objects;

/**
 * One reconcile of one live policy, in order: check the spec → the tenancy gate → release what it
 * wrote on a service it left → enter its service's flight → build the {@link ServiceView} once →
 * the {@link PolicyEnforcer} observes, plans once and applies → the coverage notices → the Dashboards
 * step. Each step takes the previous step's value once; nothing is passed back. The writes are told
 * as Events: DriftCorrected when this process already reported the spec in force at this
 * generation ({@link InForce}), else Applied.
 */
final class ReconcileSteps {

  /** How a reconcile ended. */
  sealed interface Ended permits Busy, DeletedMeanwhile, Refused, Reported {}

  /** A peer's run is in flight on the service: this policy is woken when it lands. */
  record Busy() implements Ended {}

  /** Deleted while it waited for its service: a peer's cleanup may have run, and writing now would undo it. */
  record DeletedMeanwhile() implements Ended {}

  /** Not planned (an invalid spec, refused by the rule set): the status says why, and nothing more is reported. */
  record Refused(Outcome outcome) implements Ended {}

  /**
   * Planned (and, in Enforce, applied), or stopped by a release elsewhere: reported with its audit
   * reductions. {@code peers}: the service's admitted policies when this run computed its coverage
   * under the service's lock (null when it did not: a release elsewhere stopped it).
   */
  record Reported(Outcome outcome, List<AuditReduction> reductions, List<PgAuditPolicy> peers) implements Ended {}

  private final TenancyGate tenancy;
  private final AppliedStore store;
  private final ServiceFlights flights;
  private final Releases releases;
  private final DashboardsStep dashboards;
  private final PolicyEnforcer enforcer;
  private final CoverageNotices coverage;
  private final InForce inForce;

  ReconcileSteps(TenancyGate tenancy, AppliedStore store, ServiceFlights flights, Releases releases,
      DashboardsStep dashboards, PolicyEnforcer enforcer, CoverageNotices coverage, InForce inForce) {
    this.tenancy = tenancy;
    this.store = store;
    this.flights = flights;
    this.releases = releases;
    this.dashboards = dashboards;
    this.enforcer = enforcer;
    this.coverage = coverage;
    this.inForce = inForce;
  }

  Ended run(PgAuditPolicy policy, Context<PgAuditPolicy> context, EventRecorder events) {
    String invalid = SpecCheck.problem(policy);
    if (invalid != null) {
      coverage.gone(policy); // an invalid spec covers nothing: no stale gauges
      return new Refused(Outcome.refused(Conditions.Reason.INVALID_SPEC, invalid));
    }
    var allowance = tenancy.decide(policy);
    String lowering = allowance.allowed() ? tenancy.managedRoleLowering(policy) : null;
    if (!allowance.allowed() || lowering != null) {
      coverage.settled(policy); // no coverage: a nudge is used up
      // No token is read and nothing is looked at. The rule set changes only with a restart (a new
      // pod reconciles everything), and a spec change triggers a reconcile.
      return new Refused(!allowance.allowed() ? Outcome.refused(Conditions.Reason.NOT_ALLOWED, allowance.message())
          : Outcome.refused(Conditions.Reason.MANAGED_ROLE, lowering));
    }
    PolicyIntent intent = Intents.of(policy);
    Records records = new Records(store, context.getClient(), events);
    Outcome releasing = intent.enforce() ? releaseElsewhere(policy, intent, context, records, events) : null;
    if (releasing != null) {
      coverage.settled(policy);
      return new Reported(releasing, List.of(), null);
    }
    // While a peer's run is in flight on the service the thread goes to other services.
    if (!flights.tryEnter(intent.service(), ResourceID.fromResource(policy), ServiceFlights.rankOf(
        policy.getSpec().getScope().getLevel(), ownChangePending(policy)))) {
      return new Busy();
    }
    try {
      if (deletedMeanwhile(context, policy)) {
        coverage.settled(policy);
        return new DeletedMeanwhile();
      }
      ServiceView view = ServiceView.of(intent.service(), LivePolicies.admittedOn(context, intent.service(), tenancy),
          tenancy);
      return enforce(policy, intent, view, records, events);
    } finally {
      flights.leave(intent.service());
    }
  }

  /** The policy's generation has not been reported on yet (new, or edited). */
  private static boolean ownChangePending(PgAuditPolicy policy) {
    return policy.getStatus() == null
        || !Objects.equals(policy.getStatus().getObservedGeneration(), policy.getMetadata().getGeneration());
  }

  /** After spec.service changed: what it made for, and wrote on, its former service goes first (null: nothing left there). */
  private Outcome releaseElsewhere(PgAuditPolicy policy, PolicyIntent intent, Context<PgAuditPolicy> context,
      Records records, EventRecorder events) {
    Outcome outcome = dashboards.releaseElsewhere(policy, intent, context, records, events);
    return outcome != null ? outcome : releases.releaseElsewhere(policy, intent, context, records, events);
  }

  private Ended enforce(PgAuditPolicy policy, PolicyIntent intent, ServiceView view, Records records,
      EventRecorder events) {
    List<AuditReduction> all = AuditReductions.among(view.intents(), view.ownership());
    List<AuditReduction> reductions = AuditReductions.visibleTo(intent, all, tenancy);
    String reduction = tenancy.managedRoleReduction(intent.ref(), all);
    String told = inForce.atGeneration(policy) ? Conditions.EventReason.DRIFT_CORRECTED : Conditions.EventReason.APPLIED;
    WrittenChanges wrote = new WrittenChanges(Applier.Listener.describing("", text -> events.normal(policy, told, text)));
    Outcome outcome = reduction != null ? Outcome.refused(Conditions.Reason.MANAGED_ROLE, reduction)
        : enforcer.reconcile(policy, intent, view, records, wrote);
    coverage.computed(policy, outcome);
    coverage.wrote(policy, wrote.changes(), outcome.coverage() != null, view.policies(), view.ownership());
    if (reduction == null) {
      outcome = dashboards.reconcile(policy, intent, outcome, records, view.policies(),
          written -> events.normal(policy, told, written));
    }
    return new Reported(outcome, reductions, view.policies());
  }

  private static boolean deletedMeanwhile(Context<PgAuditPolicy> context, PgAuditPolicy policy) {
    return context.getPrimaryCache().get(ResourceID.fromResource(policy))
        .map(p -> p.getMetadata().getDeletionTimestamp() != null)
        .orElse(true);
  }
}
