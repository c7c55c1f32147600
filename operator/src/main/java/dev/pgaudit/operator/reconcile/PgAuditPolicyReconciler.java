package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.coverage.CoverageCache;
import dev.pgaudit.operator.plan.AuditReduction;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSettingsGateway;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each PgAuditPolicy true: observe → plan → apply → report. Ownership and conflicts are
 * derived from the live policies on the same service (read from the informer cache), and every
 * change to one policy re-triggers its peers, so a loser takes over when the winner goes away.
 */
@ControllerConfiguration(name = PgAuditPolicyReconciler.NAME, finalizerName = PgAuditPolicyReconciler.FINALIZER)
public class PgAuditPolicyReconciler implements Reconciler<PgAuditPolicy>, Cleaner<PgAuditPolicy> {
  public static final String NAME = "pgauditpolicy";
  public static final String FINALIZER = "pgaudit.dev/finalizer";
  private static final Logger log = LoggerFactory.getLogger(PgAuditPolicyReconciler.class);
  private static final String BY_SECRET = "by-secret";
  private static final Duration BUSY_BACKSTOP = Duration.ofSeconds(30);
  private static final String PEERS = "peers";

  private final ReconcilerSettings settings;
  private final PgAuditSettingsGateway gateway;
  private final Clock clock;
  private final Map<String, Integer> cleanupAttempts = new ConcurrentHashMap<>();
  /** Re-triggers policies that found their service busy (see {@link ServiceFlights}). */
  private final SimpleInboundEventSource<PgAuditPolicy> serviceFreed = new SimpleInboundEventSource<>("service-freed");
  private final ServiceFlights flights = new ServiceFlights(serviceFreed::propagateEvent);
  private final PolicyRun run;
  private final EventCounts eventCounts = new EventCounts();
  private final AppliedStore store;
  private final Releases releases;
  private final TenancyGate tenancy;
  private final DashboardsStep dashboards;
  private volatile SecretWatch secrets;
  private final CoverageNotices coverage;
  private final WrittenStatuses written = new WrittenStatuses();

  public PgAuditPolicyReconciler(ReconcilerSettings settings, PgAuditSettingsGateway gateway) {
    this(settings, gateway, Clock.systemUTC());
  }

  PgAuditPolicyReconciler(ReconcilerSettings settings, PgAuditSettingsGateway gateway, Clock clock) {
    this.settings = settings;
    this.gateway = gateway;
    this.clock = clock;
    Credentials credentials = new Credentials(
        (ns, name) -> secrets == null ? Optional.empty() : secrets.get(ns, name),
        settings.defaultToken(), settings.defaultTokenSource(), settings.delays());
    ObservationCache observations = new ObservationCache(settings.observationTtl(), clock);
    Observer observer = new Observer(settings.aiven(), gateway, settings.delays(), observations,
        new ProjectReadings(clock));
    CoverageCache coverages = new CoverageCache();
    this.run = new PolicyRun(credentials, observer, new Applier(settings.delays()), coverages);
    this.store = new AppliedStore(settings.recordNamespace(), settings.delays().fast());
    this.tenancy = new TenancyGate(settings.tenancy());
    this.releases = new Releases(run, settings, tenancy, flights);
    this.coverage = new CoverageNotices(settings.coverage(), coverages);
    this.dashboards = new DashboardsStep(credentials, settings.aiven(), settings.delays(), tenancy, flights);
  }

  @Override
  public List<EventSource<?, PgAuditPolicy>> prepareEventSources(EventSourceContext<PgAuditPolicy> context) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(LivePolicies.BY_SERVICE, LivePolicies.SERVICE_INDEX);
    cache.addIndexer(BY_SECRET, PgAuditPolicyReconciler::referencedSecrets);

    secrets = new SecretWatch(context,
        key -> !cache.byIndex(BY_SECRET, key).isEmpty(),
        key -> ids(cache.byIndex(BY_SECRET, key)),
        (PgAuditPolicy p) -> referencedSecrets(p).stream()
            .map(ref -> new ResourceID(ref.substring(ref.indexOf('/') + 1), ref.substring(0, ref.indexOf('/'))))
            .collect(Collectors.toSet()));

    // Peers: any change of a policy's spec or lifecycle re-triggers every policy on the same service.
    var peers = new InformerEventSource<>(InformerEventSourceConfiguration.from(PgAuditPolicy.class, PgAuditPolicy.class)
        .withName(PEERS)
        .withNamespacesInheritedFromController()
        .withOnUpdateFilter((PgAuditPolicy newer, PgAuditPolicy older) ->
            !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
                || !Objects.equals(newer.getMetadata().getDeletionTimestamp(), older.getMetadata().getDeletionTimestamp()))
        .withSecondaryToPrimaryMapper(p -> SpecCheck.valid(p)
            ? peersOf(cache.byIndex(LivePolicies.BY_SERVICE, Intents.serviceOf(p).toString()), p) : Set.of())
        .build(), context);
    peers.addIndexers(Map.of(LivePolicies.BY_SERVICE, LivePolicies.SERVICE_INDEX));
    List<EventSource<?, PgAuditPolicy>> sources = new ArrayList<>(secrets.eventSources());
    sources.add(peers);
    sources.add(serviceFreed);
    sources.add(coverage.eventSource());
    return sources;
  }

  @Override
  public UpdateControl<PgAuditPolicy> reconcile(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    if (secrets != null) secrets.dropUnreferenced();
    String invalid = SpecCheck.problem(policy);
    if (invalid != null) {
      coverage.gone(policy); // an invalid spec covers nothing: no stale gauges
      return reportInvalid(policy, invalid);
    }
    EventRecorder events = events(context);
    var allowance = tenancy.decide(policy);
    String lowering = allowance.allowed() ? tenancy.managedRoleLowering(policy) : null;
    if (!allowance.allowed() || lowering != null) coverage.settled(policy); // no coverage: a nudge is used up
    if (!allowance.allowed()) return reportRefused(policy, Conditions.Reason.NOT_ALLOWED, allowance.message(), events);
    if (lowering != null) return reportRefused(policy, Conditions.Reason.MANAGED_ROLE, lowering, events);
    PolicyIntent intent = Intents.of(policy);
    boolean steady = isSteady(policy);
    Records records = new Records(store, context.getClient(), events);
    Outcome outcome = intent.enforce() ? dashboards.releaseElsewhere(policy, intent, context, records, events) : null;
    if (outcome == null && intent.enforce()) outcome = releases.releaseElsewhere(policy, intent, context, records, events);
    if (outcome != null) coverage.settled(policy);
    List<AuditReduction> reductions = List.of();
    // The service's live policies when this run computed its coverage under the service's lock.
    List<PgAuditPolicy> peers = null;
    if (outcome == null) {
      if (!flights.tryEnter(intent.service(), ResourceID.fromResource(policy))) {
        // A peer's run is in flight on the service: this policy is triggered again when it lands
        // (the reschedule is only a backstop), and the thread goes to other services meanwhile.
        return UpdateControl.<PgAuditPolicy>noUpdate().rescheduleAfter(BUSY_BACKSTOP);
      }
      try {
        if (deletedMeanwhile(context, policy)) {
          coverage.settled(policy);
          // A peer's cleanup may have run while we waited for the service: writing now would undo it.
          return UpdateControl.noUpdate();
        }
        List<PgAuditPolicy> live = liveOn(context, intent.service(), tenancy);
        List<PolicyIntent> intents = live.stream().map(Intents::of).toList();
        Ownership ownership = tenancy.ownership(intents);
        List<AuditReduction> all = AuditReductions.among(intents, ownership);
        reductions = AuditReductions.visibleTo(intent, all, tenancy);
        String reduction = tenancy.managedRoleReduction(intent.ref(), all);
        WrittenChanges wrote = new WrittenChanges(Applier.Listener.describing("", text ->
            events.normal(policy, steady ? Conditions.Event.DRIFT_CORRECTED : Conditions.Event.APPLIED, text)));
        outcome = reduction != null ? TenancyGate.refused(Conditions.Reason.MANAGED_ROLE, reduction)
            : run.reconcile(policy, intent, ownership, live, anyConnectsAsAvnadmin(live), records, wrote);
        coverage.computed(policy, outcome);
        coverage.wrote(policy, wrote.changes(), outcome.coverage() != null, live, ownership);
        peers = live;
        if (reduction == null) {
          outcome = dashboards.reconcile(policy, intent, outcome, records, live, written ->
              events.normal(policy, steady ? Conditions.Event.DRIFT_CORRECTED : Conditions.Event.APPLIED, written));
        }
      } finally {
        flights.leave(intent.service());
      }
    }
    PgAuditPolicyStatus status = AuditReductions.report(policy, StatusReporter.report(policy, outcome, clock.instant()),
        reductions, events);
    UpdateControl<PgAuditPolicy> control;
    if (peers != null && written.alreadyThere(policy, status)) {
      // This process wrote exactly this status; the cache has not caught up with it yet.
      coverage.upToDate(policy);
      control = UpdateControl.noUpdate();
      return outcome.retryAfter() == null ? control : control.rescheduleAfter(outcome.retryAfter());
    }
    if (peers != null && CoverageNotices.onlyCoverageDiffers(policy.getStatus(), status) && coverage.mayDefer(policy, peers)) {
      // Only coverage changed while peers on the service are still to come: their writes would
      // change it again. Re-reported once they came, within CoverageHolds.CAP (why that is truthful: there).
      coverage.defer(policy, intent.service(), peers);
      control = UpdateControl.noUpdate();
      return outcome.retryAfter() == null ? control : control.rescheduleAfter(outcome.retryAfter());
    }
    coverage.reported(policy, status, events);
    if (peers != null) coverage.upToDate(policy);
    if (status.equals(policy.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      logReady(policy, status);
      warnIfNewlyRefused(policy, status, events);
      written.writing(policy, status);
      policy.setStatus(status);
      control = UpdateControl.patchStatus(policy);
    }
    return outcome.retryAfter() == null ? control : control.rescheduleAfter(outcome.retryAfter());
  }

  @Override
  public DeleteControl cleanup(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    coverage.gone(policy);
    written.forget(policy);
    EventRecorder events = events(context);
    if (!SpecCheck.valid(policy)) {
      events.normal(policy, Conditions.Event.CLEANED_UP, "the policy was invalid and wrote nothing; nothing to undo");
      return DeleteControl.defaultDelete();
    }
    var allowance = tenancy.decide(policy);
    PolicyIntent intent = Intents.of(policy);
    String uid = policy.getMetadata().getUid();
    PolicyRun.CleanupResult result;
    try {
      Records records = new Records(store, context.getClient(), events);
      // Outside its allowance the token may not be used for it on the refused service, not even to
      // undo; what it wrote on services its namespace may use (before spec.service or the sink
      // moved out of the allowance) is released below, service by service, like any delete.
      if (!allowance.allowed() && !releases.recordedWhereAllowed(policy, records)) {
        events.normal(policy, Conditions.Event.CLEANED_UP, "nothing undone: " + allowance.message()
            + "; anything it wrote while it was allowed stays in place");
        return DeleteControl.defaultDelete();
      }
      ReconcileFailure dashboardsLeft = policy.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan ? null
          : dashboards.releaseAll(policy, intent, context, records, null, events, Conditions.Event.CLEANED_UP);
      if (dashboardsLeft != null) throw dashboardsLeft;
      result = releases.undo(policy, intent, context, records, events);
    } catch (ReconcileFailure f) {
      result = new PolicyRun.CleanupResult(f, 0);
    }
    if (result == null) return DeleteControl.defaultDelete();
    if (result.serviceGone() != null) {
      // Everything a policy writes lives on its service (settings, databases, the integration
      // from it): with the service or project gone, there is nothing left to undo or to retry.
      cleanupAttempts.remove(uid);
      events.normal(policy, Conditions.Event.CLEANED_UP, "nothing to undo: " + result.serviceGone()
          + "; what the policy set there is gone with it");
      log.info("{} cleaned up: its service is gone", policy.key());
      return DeleteControl.defaultDelete();
    }
    if (result.done()) {
      cleanupAttempts.remove(uid);
      if (result.changes() > 0) coverage.released(liveOn(context, intent.service(), tenancy), policy);
      log.info("{} cleaned up ({} change(s))", policy.key(), result.changes());
      return DeleteControl.defaultDelete();
    }
    int attempt = cleanupAttempts.merge(uid, 1, Integer::sum);
    ReconcileFailure failure = result.failure();
    if (attempt >= settings.maxCleanupAttempts()) {
      cleanupAttempts.remove(uid);
      events.warning(policy, Conditions.Event.CLEANUP_ABANDONED, "gave up undoing the policy after " + attempt
          + " attempts (" + failure.reason + ": " + failure.getMessage() + "); settings it made may remain on "
          + intent.service() + "; the finalizer is removed so the resource can go");
      return DeleteControl.defaultDelete();
    }
    reportCleanupFailure(policy, context, failure, attempt);
    Duration retry = failure.retryAfter != null ? failure.retryAfter : settings.delays().fast();
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry.toMillis());
  }

  /**
   * JOSDK calls this when the reconcile or its status write failed. A refused status write leaves
   * the status at its old generation, so it is logged (with the API server's reason) and counted;
   * JOSDK then retries as usual.
   */
  @Override
  public ErrorStatusUpdateControl<PgAuditPolicy> updateErrorStatus(PgAuditPolicy policy, Context<PgAuditPolicy> context,
      Exception e) {
    written.forget(policy); // the status write may be the one that failed: its retry writes in full
    StatusWriteRefusal.of(e).ifPresent(refusal -> {
      // The policy JOSDK hands back carries the status that was refused, not the stored one.
      Long generation = policy.getMetadata().getGeneration();
      String line = "{} status write for generation {} refused by the API server ({}: HTTP {} {}); the stored status stays as it was";
      if ("conflict".equals(refusal.reason())) {
        log.info(line, policy.key(), generation, refusal.reason(), refusal.code(), refusal.message());
      } else {
        log.warn(line, policy.key(), generation, refusal.reason(), refusal.code(), refusal.message());
      }
      settings.statusWrites().refused(refusal.reason());
    });
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /** Waits for a spec change (which triggers a reconcile): retrying cannot fix a spec. */
  private UpdateControl<PgAuditPolicy> reportInvalid(PgAuditPolicy policy, String problem) {
    return reportUnplanned(policy, new Outcome(Map.of(Layer.SERVICE, LayerState.failed(Conditions.Reason.INVALID_SPEC, problem)),
        null, false, Plan.NONE, null, null, null), null);
  }

  /**
   * Refused by the rule set: no token is read and nothing is looked at. The rule set changes only
   * with a restart (a new pod reconciles everything), and a spec change triggers a reconcile.
   */
  private UpdateControl<PgAuditPolicy> reportRefused(PgAuditPolicy policy, String reason, String message,
      EventRecorder events) {
    return reportUnplanned(policy, TenancyGate.refused(reason, message), () -> events.warning(policy, reason, message));
  }

  /** A Warning when the rule set refuses a policy after planning (a managed role lowered below a peer's auditing). */
  private static void warnIfNewlyRefused(PgAuditPolicy policy, PgAuditPolicyStatus status, EventRecorder events) {
    status.getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()) && Conditions.Reason.MANAGED_ROLE.equals(c.getReason()))
        .findFirst().ifPresent(c -> events.warning(policy, Conditions.Event.MANAGED_ROLE, c.getMessage()));
  }

  /** Writes the status of a policy that was not planned; {@code onChange} runs when the status changes. */
  private UpdateControl<PgAuditPolicy> reportUnplanned(PgAuditPolicy policy, Outcome outcome, Runnable onChange) {
    PgAuditPolicyStatus status = StatusReporter.report(policy, outcome, clock.instant());
    if (status.equals(policy.getStatus())) return UpdateControl.noUpdate();
    logReady(policy, status);
    if (onChange != null) onChange.run();
    written.forget(policy); // not the last status written any more
    policy.setStatus(status);
    return UpdateControl.patchStatus(policy);
  }

  private void reportCleanupFailure(PgAuditPolicy policy, Context<PgAuditPolicy> context, ReconcileFailure failure, int attempt) {
    String message = "cleanup attempt " + attempt + " of " + settings.maxCleanupAttempts() + " failed: " + failure.getMessage();
    // Without the attempt number, so the retries are one Event whose count grows.
    events(context).warning(policy, Conditions.Event.FAILED, "cleanup failed and will be retried: " + failure.getMessage());
    try {
      var outcome = new Outcome(Map.of(failure.layer, LayerState.failed(failure.reason, message)), null, false,
          Plan.NONE, policy.getStatus() == null ? null : policy.getStatus().getService(), null, null);
      written.forget(policy);
      policy.setStatus(StatusReporter.report(policy, outcome, clock.instant()));
      context.getClient().resource(policy).patchStatus();
    } catch (RuntimeException e) {
      log.warn("{} could not report the cleanup failure in status: {}", policy.key(), e.getMessage());
      StatusWriteRefusal.of(e).ifPresent(refusal -> settings.statusWrites().refused(refusal.reason()));
    }
  }

  /**
   * The live (not being deleted) policies on a service, each in its newest cached version; a policy
   * outside its namespace's allowance is not one: it owns nothing and cannot win a conflict.
   */
  @SuppressWarnings("unchecked")
  static List<PgAuditPolicy> liveOn(Context<PgAuditPolicy> context, ServiceKey service, TenancyGate tenancy) {
    var peers = context.eventSourceRetriever().getEventSourceFor(PgAuditPolicy.class, PEERS);
    return LivePolicies.on(service, context.getPrimaryCache(), (IndexedResourceCache<PgAuditPolicy>) peers).stream()
        .filter(tenancy::allows)
        .toList();
  }

  static boolean isLoser(PolicyIntent deleted, List<PolicyIntent> others, TenancyGate tenancy) {
    List<PolicyIntent> all = new ArrayList<>(others);
    all.add(deleted);
    return tenancy.ownership(all).conflictOf(deleted.ref()).isPresent();
  }

  private static boolean deletedMeanwhile(Context<PgAuditPolicy> context, PgAuditPolicy policy) {
    return context.getPrimaryCache().get(ResourceID.fromResource(policy))
        .map(p -> p.getMetadata().getDeletionTimestamp() != null)
        .orElse(true);
  }

  /**
   * True when one of the policies will connect to PostgreSQL as avnadmin (credentials from the
   * Aiven API): to write database/role settings, or to check that its settings.role exists.
   */
  private static boolean anyConnectsAsAvnadmin(List<PgAuditPolicy> policies) {
    return policies.stream().anyMatch(p -> p.getSpec().getConnection() == null
        && (p.getSpec().getScope().getLevel() != ScopeLevel.Service
            || (p.getSpec().getSettings() != null && p.getSpec().getSettings().getRole() != null)));
  }

  /** A policy whose last status said Ready at this generation: a write now corrects drift. */
  private static boolean isSteady(PgAuditPolicy policy) {
    PgAuditPolicyStatus status = policy.getStatus();
    if (status == null || !Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())) return false;
    return status.getConditions().stream().anyMatch(c -> Conditions.READY.equals(c.getType())
        && "True".equals(c.getStatus()) && Conditions.Reason.RECONCILED.equals(c.getReason()));
  }

  /** A recorder sharing this reconciler's event counts, so repeated events aggregate. */
  private EventRecorder events(Context<PgAuditPolicy> context) {
    return new EventRecorder(context.getClient(), eventCounts, clock);
  }


  private static void logReady(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    status.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst()
        .ifPresent(c -> log.info("{} Ready={} {}: {}", policy.key(), c.getStatus(), c.getReason(), c.getMessage()));
  }

  /** What the Secret cache holds: only Secrets policies reference. */
  ReferencedSecretStore.Held secretsHeld() {
    return secrets == null ? new ReferencedSecretStore.Held(0, 0) : secrets.held();
  }

  /** The keys ("namespace/name") of the Secrets held in memory. */
  Set<String> secretKeysHeld() {
    return secrets == null ? Set.of() : secrets.heldKeys();
  }

  private static List<String> referencedSecrets(PgAuditPolicy p) {
    String ns = p.getMetadata().getNamespace();
    List<String> refs = new ArrayList<>();
    if (p.getSpec() == null) return refs;
    if (p.getSpec().getAuthSecretRef() != null) refs.add(ns + "/" + p.getSpec().getAuthSecretRef().getName());
    var connection = p.getSpec().getConnection();
    if (connection != null && connection.getSecretRef() != null) refs.add(ns + "/" + connection.getSecretRef().getName());
    return refs;
  }

  /** The other policies on the service: the changed policy itself is already triggered by its own informer. */
  private static Set<ResourceID> peersOf(List<PgAuditPolicy> onService, PgAuditPolicy changed) {
    Set<ResourceID> peers = ids(onService);
    peers.remove(ResourceID.fromResource(changed));
    return peers;
  }

  private static Set<ResourceID> ids(List<PgAuditPolicy> policies) {
    return policies.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
