package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Set;

/**
 * Gives back what a policy wrote, from its applied record: everything on delete, everything on a
 * service it no longer targets after spec.service changed. Each service in its own flight
 * ({@link ServiceFlights}): a release waits for a run in flight on the service, never interleaves.
 */
final class Releases {
  private final PolicyEnforcer enforcer;
  private final ReconcilerSettings settings;
  private final TenancyGate tenancy;
  private final ServiceFlights flights;

  Releases(PolicyEnforcer enforcer, ReconcilerSettings settings, TenancyGate tenancy, ServiceFlights flights) {
    this.enforcer = enforcer;
    this.settings = settings;
    this.tenancy = tenancy;
    this.flights = flights;
  }

  /**
   * Undoes what the policy's record says it wrote, on every service it wrote to (null: nothing to
   * do, the event is told). Without a readable record of a policy that did write, falls back to
   * undoing by its current spec.
   */
  PolicyEnforcer.CleanupResult undo(PgAuditPolicy policy, PolicyIntent intent, Context<PgAuditPolicy> context,
      Records records, EventRecorder events) {
    String key = policy.key();
    Set<ServiceKey> services = records.servicesOf(key);
    if (policy.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan) {
      forget(key, services, records);
      events.normal(policy, Conditions.EventReason.ORPHANED,
          "deletionPolicy is Orphan: the settings and integration it made are left in place");
      return null;
    }
    boolean unreadable = services.stream().anyMatch(s -> records.load(s).unreadable().contains(key));
    if (services.isEmpty() || unreadable) {
      if (!unreadable && !AppliedHistory.appliedBefore(policy)) {
        events.normal(policy, Conditions.EventReason.CLEANED_UP, policy.getSpec().getMode() == Mode.DryRun
            ? "DryRun policy deleted; it never wrote anything, so nothing is undone"
            : "the policy wrote nothing; nothing to undo");
        return null;
      }
      records.lost(policy, intent.service());
      PolicyEnforcer.CleanupResult result = flights.inFlight(intent.service(), () -> {
        List<PolicyIntent> others = LivePolicies.admittedOn(context, intent.service(), tenancy).stream().map(Intents::of).toList();
        if (isLoser(intent, others)) return null;
        return enforcer.cleanup(policy, intent, tenancy.ownership(others), Applier.Listener.describing("undone: ", text ->
            events.normal(policy, Conditions.EventReason.CLEANED_UP, text)));
      });
      if (result == null) {
        // Its unreadable entry goes too, else it would outlive the service's last policy.
        forget(key, services, records);
        events.normal(policy, Conditions.EventReason.CLEANED_UP, "the policy lost a conflict and wrote nothing; nothing to undo");
        return null;
      }
      if (result.done() || result.serviceGone() != null) forget(key, services, records);
      return result;
    }
    int changes = 0;
    String gone = null;
    for (ServiceKey service : services) {
      if (!tenancy.decide(policy, service).allowed()) continue;
      PolicyEnforcer.CleanupResult result = flights.inFlight(service, () -> {
        Ownership others = tenancy.ownership(LivePolicies.admittedOn(context, service, tenancy).stream().map(Intents::of).toList());
        return enforcer.release(policy, intent, service, others, records, Applier.Listener.describing("undone: ", text ->
            events.normal(policy, Conditions.EventReason.CLEANED_UP, text)));
      });
      if (result.serviceGone() != null) {
        gone = result.serviceGone();
        continue;
      }
      if (!result.done()) return result;
      changes += result.changes();
    }
    return new PolicyEnforcer.CleanupResult(null, changes, gone);
  }

  /** True when the deleted policy lost a conflict among the live ones: it wrote nothing to undo. */
  private boolean isLoser(PolicyIntent deleted, List<PolicyIntent> others) {
    List<PolicyIntent> all = new java.util.ArrayList<>(others);
    all.add(deleted);
    return tenancy.ownership(all).conflictOf(deleted.ref()).isPresent();
  }

  /**
   * For a policy whose current spec the rule set refuses (its service or its sink moved out of the
   * namespace's allowance): true when its record holds something on a service the namespace may
   * still use, so a delete releases it there (undo skips the refused services). Only with readable
   * records: the fallback by current spec would aim at the refused service.
   */
  boolean recordedWhereAllowed(PgAuditPolicy policy, Records records) {
    String key = policy.key();
    boolean anyAllowed = false;
    for (ServiceKey service : records.servicesOf(key)) {
      if (records.load(service).unreadable().contains(key)) return false;
      anyAllowed |= tenancy.decide(policy, service).allowed();
    }
    return anyAllowed;
  }

  /** Drops the policy's records without writing anything else (Orphan, or after the fallback undo). */
  private void forget(String key, Set<ServiceKey> services, Records records) {
    for (ServiceKey service : services) {
      flights.runInFlight(service, () -> records.save(records.load(service).withPolicy(key, AppliedRecord.EMPTY).collect()));
    }
  }

  /**
   * After spec.service changed: releases what the policy wrote on the services it no longer
   * targets, each under its own lock. Null when there is nothing left there; otherwise the failure,
   * and nothing is written on the new service until the old one is released.
   */
  Outcome releaseElsewhere(PgAuditPolicy policy, PolicyIntent intent, Context<PgAuditPolicy> context,
      Records records, EventRecorder events) {
    Set<ServiceKey> services;
    try {
      services = records.servicesOf(policy.key());
    } catch (ReconcileFailure f) {
      return null; // the reconcile's own load reports it
    }
    for (ServiceKey old : services) {
      // A service the namespace may no longer use keeps what was written there: the token may not touch it.
      if (old.equals(intent.service()) || !tenancy.decide(policy, old).allowed()) continue;
      PolicyEnforcer.CleanupResult result = flights.inFlight(old, () -> {
        Ownership others = tenancy.ownership(LivePolicies.admittedOn(context, old, tenancy).stream().map(Intents::of).toList());
        return enforcer.release(policy, intent, old, others, records, Applier.Listener.describing("released on " + old + ": ",
            text -> events.normal(policy, Conditions.EventReason.RELEASED, text)));
      });
      if (!result.done() && result.serviceGone() == null) {
        ReconcileFailure f = result.failure();
        String message = "releasing what it wrote on " + old + " (spec.service changed) failed: " + f.getMessage()
            + "; nothing is written on " + intent.service() + " until that is done";
        return Outcome.stopped(policy, Layer.SERVICE, LayerState.failed(f.reason, message),
            f.retryAfter != null ? f.retryAfter : settings.delays().fast());
      }
    }
    return null;
  }
}
