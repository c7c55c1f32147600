package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ServiceInfo;
import dev.pgaudit.operator.coverage.CoverageCache;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.Planner;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.Release;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import dev.pgaudit.operator.plan.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The per-policy enforcer: for a live policy, observe → plan (once) → apply on its service; for a
 * deleted one, or a service it left, the release of what its applied record holds.
 */
final class PolicyEnforcer {

  /**
   * How a cleanup ended: done, the failure that stopped it, or (serviceGone, a message) Aiven
   * answered that the service or its project does not exist.
   */
  record CleanupResult(ReconcileFailure failure, int changes, String serviceGone) {
    CleanupResult(ReconcileFailure failure, int changes) {
      this(failure, changes, null);
    }

    boolean done() { return failure == null; }
  }

  private final Credentials credentials;
  private final Observer observer;
  private final Applier applier;
  private final CoverageCache coverages;

  PolicyEnforcer(Credentials credentials, Observer observer, Applier applier, CoverageCache coverages) {
    this.credentials = credentials;
    this.observer = observer;
    this.applier = applier;
    this.coverages = coverages;
  }

  /**
   * @param view the live policies on the service (this one included), built once for this reconcile:
   *     who owns what, and whose Service-scope keys a service PUT this policy makes anyway may carry
   */
  Outcome reconcile(PgAuditPolicy policy, PolicyIntent intent, ServiceView view, Records records,
      Applier.Listener listener) {
    Ownership ownership = view.ownership();
    Optional<Ownership.Conflict> conflict = ownership.conflictOf(intent.ref());
    if (conflict.isPresent() && intent.enforce()) {
      // A loser writes nothing and releases nothing: what it wrote before stays recorded until it wins or goes.
      String message = conflict.get().message(intent.ref());
      return Outcome.lostConflict(policy, layers(intent, l -> LayerState.unknown("not applied: " + message)), message);
    }
    Credentials.Token token;
    ServiceRecord record;
    try {
      token = credentials.token(policy);
      record = records.load(intent.service());
    } catch (ReconcileFailure f) {
      return failed(policy, intent, f);
    }
    String key = policy.key();
    boolean lost = !records.releasedElsewhere() && AppliedHistory.lost(policy, record, records.servicesOf(key));
    Set<Slot> released = new LinkedHashSet<>(record.of(key).slots());
    released.removeAll(intent.wants().keySet());
    try (Observer.Looked looked = observer.observe(observing(intent, intent.service(), released), token,
        credentials.connection(policy), true, view.someoneConnectsAsAvnadmin())) {
      Observation obs = looked.seen();
      ServiceInfo info = new ServiceInfo(obs.service().state(), obs.service().pgVersion());
      // Computed once; when Enforce writes the service config anyway, the PUT carries the same-token owners' keys too.
      Plan own = Planner.enforce(intent, obs.observed(), () -> intent.enforce()
          ? ownership.serviceKeys(view.sameToken(credentials, token)::contains) : Map.of());
      if (!intent.enforce()) {
        // DryRun writes nothing, releases nothing; its plan shows what Enforce would write and release.
        Plan plan = Release.merge(own, Release.changes(key, released, record, ownership, obs.observed(), false));
        String conflictMessage = conflict.map(c -> c.message(intent.ref())).orElse(null);
        Map<Layer, LayerState> dryLayers = layers(intent, l -> LayerState.dryRun(l, plan));
        boolean roleMissing = Shortfalls.noteMissingAuditRoles(intent, obs.missingAuditRoles(), dryLayers);
        return Outcome.dryRun(dryLayers, conflictMessage, plan, info, integrationId(intent, obs.observed(), Map.of()),
            roleMissing ? applier.delays().slow() : null);
      }
      if (lost) records.lost(policy, intent.service());
      // Write-ahead: the record covers what is about to be written before anything is.
      ServiceRecord ahead = carried(own, intent, ownership,
          record.hold(key, AppliedRecord.of(intent), obs.observed(), !lost), obs.observed());
      records.save(ahead);
      List<Change> releases = Release.changes(key, released, ahead, ownership, obs.observed(), false);
      Plan plan = Release.merge(own, releases);
      ServiceRecord handed = ahead.handOver(released, slot -> holders(ownership, slot, key));
      Applied applied = apply(plan, looked, listener, releases);
      Applier.Result result = applied.result();
      if (result.failures().isEmpty()) {
        // The Dashboards objects it created are not slots of the spec: DashboardsStep keeps and releases them.
        records.save(handed.withPolicy(key, AppliedRecord.of(intent).union(handed.of(key).dashboards())).collect());
      }
      boolean noteLoss = lost || AppliedHistory.notedAtThisGeneration(policy);
      Map<Layer, LayerState> layers = layers(intent, l -> {
        ReconcileFailure f = result.failures().get(l);
        if (f != null && l == Layer.SQL) return LayerState.failed(f.reason, f.getMessage() + Shortfalls.partly(intent, result));
        return f != null ? LayerState.failed(f.reason, f.getMessage())
            : LayerState.ok(LayerState.inPlace(l, intent) + (noteLoss && l == Layer.SERVICE ? AppliedHistory.LOST_NOTE : ""));
      });
      // A release can fail on a layer the spec no longer uses (a removed sink): it is not done, so it shows.
      result.failures().forEach((l, f) -> layers.putIfAbsent(l, LayerState.failed(f.reason, "releasing: " + f.getMessage())));
      List<Duration> retries = new ArrayList<>(result.failures().values().stream().map(f -> f.retryAfter).toList());
      if (!result.failures().containsKey(Layer.SINK)) {
        // Written is not flowing: the sink is in force only once Aiven reports the integration active.
        SinkState.of(sinkSlots(intent), applied.after(), looked.gateways().destinations(), result.created().keySet(),
            applier.delays()).ifPresent(p -> {
          layers.put(Layer.SINK, p.state());
          retries.add(p.retryAfter());
        });
      }
      if (Shortfalls.noteMissingAuditRoles(intent, obs.missingAuditRoles(), layers)) retries.add(applier.delays().slow());
      Duration retry = retries.stream().filter(Objects::nonNull).min(Duration::compareTo).orElse(null);
      CoverageReport coverage = result.failures().isEmpty() ? coverages.report(intent, applied.after(), ownership) : null;
      boolean wroteSql = plan.changes().stream().anyMatch(c -> c instanceof Change.SqlSettings);
      OldSessions old = OldSessions.observe(policy, wroteSql, looked.gateways().sql(), coverage);
      // Counted sessions are looked at again soon; unknown ones at the next resync.
      if (old != null && old.pending() && !OldSessions.UNKNOWN.equals(old.count())) {
        retry = retry == null || retry.compareTo(observer.recheck()) > 0 ? observer.recheck() : retry;
      }
      return Outcome.enforced(layers, info, integrationId(intent, obs.observed(), result.integrationIds()), retry,
          coverage, old);
    } catch (ReconcileFailure f) {
      return failed(policy, intent, f);
    }
  }

  /**
   * The service keys of other owners that this policy's PUT carries along are written now too:
   * their holders' records cover them before the write, with their priors taken from what is
   * there now (else the holder would later take this write for a prior).
   */
  private static ServiceRecord carried(Plan own, PolicyIntent intent, Ownership ownership, ServiceRecord record,
      Observed observed) {
    ServiceRecord result = record;
    for (Change change : own.changes()) {
      if (!(change instanceof Change.SetServiceKeys put)) continue;
      for (String k : put.keys().keySet()) {
        Slot slot = new Slot.AivenKey(k);
        if (intent.wants().containsKey(slot)) continue;
        for (String holder : holders(ownership, slot, intent.ref().toString())) {
          result = result.hold(holder, AppliedRecord.ofSlots(List.of(slot)), observed, true);
        }
      }
    }
    return result;
  }

  /** The other admitted holders of a slot, as record keys (namespace/name). */
  private static List<String> holders(Ownership ownership, Slot slot, String self) {
    return ownership.holders(slot).stream().map(PolicyRef::toString).filter(k -> !k.equals(self)).toList();
  }

  /** The policy's intent with extra slots to observe (their values are not used): what it releases. */
  private static PolicyIntent observing(PolicyIntent intent, ServiceKey service, Collection<Slot> extra) {
    Map<Slot, Object> wants = new LinkedHashMap<>(intent.wants());
    extra.forEach(s -> wants.putIfAbsent(s, ""));
    return new PolicyIntent(intent.ref(), service, intent.enforce(), wants);
  }

  private static Outcome failed(PgAuditPolicy policy, PolicyIntent intent, ReconcileFailure f) {
    return Outcome.failedEarly(policy, layers(intent, l -> l == f.layer ? LayerState.failed(f.reason, f.getMessage())
        : LayerState.unknown("not checked: " + f.getMessage())), !intent.enforce(), f.retryAfter);
  }

  /** Today's undo by the current spec: the fallback when a policy's record is lost. */
  CleanupResult cleanup(PgAuditPolicy policy, PolicyIntent intent, Ownership others, Applier.Listener listener) {
    try (Observer.Looked looked = observer.observe(intent, credentials.token(policy), credentials.connection(policy), false,
        false)) {
      Plan plan = Planner.cleanup(intent, others, looked.seen().observed());
      Applier.Result result = apply(plan, looked, listener, List.of()).result();
      ReconcileFailure service = result.failures().get(Layer.SERVICE);
      // deleted between the read and the write: gone all the same
      if (serviceGone(service)) return new CleanupResult(service, plan.changes().size(), service.getMessage());
      return new CleanupResult(result.failures().values().stream().findFirst().orElse(null), plan.changes().size());
    } catch (ReconcileFailure f) {
      return serviceGone(f) ? new CleanupResult(f, 0, f.getMessage()) : new CleanupResult(f, 0);
    }
  }

  /**
   * Releases everything the policy's record holds on {@code service} (on delete, or after
   * spec.service moved away): each slot back to its prior value unless a live policy holds it;
   * the feature flag back to its prior value when no policy holds anything there any more. The
   * policy's record is dropped once every write succeeded, or when Aiven answers that the service
   * (or its project) is gone: what the policy wrote went with it.
   */
  CleanupResult release(PgAuditPolicy policy, PolicyIntent intent, ServiceKey service, Ownership others, Records records,
      Applier.Listener listener) {
    String key = policy.key();
    ServiceRecord record = null;
    try {
      record = records.load(service);
      Set<Slot> released = record.of(key).slots();
      boolean featureOff = !others.anyOwner() && !record.othersHold(key);
      PolicyIntent observing = observing(new PolicyIntent(intent.ref(), service, true, Map.of()), service, released);
      try (Observer.Looked looked = observer.observe(observing, credentials.token(policy), credentials.connection(policy),
          false, false)) {
        Plan plan = Release.merge(new Plan(List.of()), Release.changes(key, released, record, others,
            looked.seen().observed(), featureOff));
        ServiceRecord handed = record.handOver(released, slot -> holders(others, slot, key));
        Applier.Result result = apply(plan, looked, listener, List.of()).result();
        ReconcileFailure failure = result.failures().values().stream().findFirst().orElse(null);
        ReconcileFailure gone = result.failures().get(Layer.SERVICE);
        if (failure == null || serviceGone(gone)) {
          records.save(handed.withPolicy(key, AppliedRecord.EMPTY).collect());
          records.releasedWhole();
        }
        // deleted between the read and the write: gone all the same
        if (serviceGone(gone)) return new CleanupResult(gone, plan.changes().size(), gone.getMessage());
        return new CleanupResult(failure, plan.changes().size());
      }
    } catch (ReconcileFailure f) {
      if (!serviceGone(f)) return new CleanupResult(f, 0);
      if (record != null) {
        records.save(record.withPolicy(key, AppliedRecord.EMPTY).collect());
        records.releasedWhole();
      }
      return new CleanupResult(f, 0, f.getMessage());
    }
  }

  /** Aiven answered 404 for the service (or its project): everything the policy wrote went with it. */
  private static boolean serviceGone(ReconcileFailure f) {
    return f != null && f.layer == Layer.SERVICE && Conditions.Reason.SERVICE_NOT_FOUND.equals(f.reason);
  }

  /** What a plan's writes did, and the state after them. */
  private record Applied(Applier.Result result, Observed after) {}

  /** Applies a plan; the shared observation learns what was written (or forgets the service after a failure). */
  private Applied apply(Plan plan, Observer.Looked looked, Applier.Listener listener, List<Change> releases) {
    if (plan.isEmpty()) return new Applied(Applier.Result.NOTHING, looked.seen().observed());
    Applier.Result result;
    try {
      result = applier.apply(plan, looked.seen(), looked.gateways(), listener, releases);
    } catch (RuntimeException | Error e) {
      observer.remember(looked.seen(), null); // what the writes left is not known
      throw e;
    }
    return new Applied(result, observer.remember(looked.seen(), result));
  }

  private static List<Slot.LogsIntegration> sinkSlots(PolicyIntent intent) {
    return intent.wants().keySet().stream()
        .filter(s -> s instanceof Slot.LogsIntegration).map(s -> (Slot.LogsIntegration) s).toList();
  }

  /** A state for each layer the policy has: the service layer always (the feature flag), the others if used. */
  private static Map<Layer, LayerState> layers(PolicyIntent intent, Function<Layer, LayerState> state) {
    Map<Layer, LayerState> layers = new EnumMap<>(Layer.class);
    layers.put(Layer.SERVICE, state.apply(Layer.SERVICE));
    intent.wants().keySet().forEach(slot -> layers.computeIfAbsent(Layer.of(slot), state));
    return layers;
  }

  private static String integrationId(PolicyIntent intent, Observed observed, Map<Slot.LogsIntegration, String> created) {
    return sinkSlots(intent).stream()
        .map(s -> created.containsKey(s) ? created.get(s) : observed.integration(s).map(i -> i.id()).orElse(null))
        .filter(Objects::nonNull).findFirst().orElse(null);
  }
}
