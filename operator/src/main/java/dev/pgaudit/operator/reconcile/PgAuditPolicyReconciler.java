package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.coverage.CoverageCache;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes each PgAuditPolicy true, as JOSDK's controller: the event sources (the policies on the
 * same service wake each other, the Secrets policies reference, a service freed by a peer, the
 * coverage nudges), then per event {@link ReconcileSteps} (observe → plan → apply → report) or
 * {@link CleanupSteps}. A failure is thrown ({@link PolicyFailure}): JOSDK's retry, this class's
 * {@link #updateErrorStatus} and JOSDK's failure metrics see it.
 */
@ControllerConfiguration(name = PgAuditPolicyReconciler.NAME, finalizerName = PgAuditPolicyReconciler.FINALIZER)
public class PgAuditPolicyReconciler implements Reconciler<PgAuditPolicy>, Cleaner<PgAuditPolicy> {
  public static final String NAME = "pgauditpolicy";
  public static final String FINALIZER = "pgaudit.dev/finalizer";
  private static final String BY_SECRET = "by-secret";
  /** Only a backstop: a policy that found its service busy is woken when the peer's run lands. */
  private static final Duration BUSY_BACKSTOP = Duration.ofSeconds(30);

  private final ReconcilerSettings settings;
  private final Clock clock;
  /** Re-triggers policies that found their service busy (see {@link ServiceFlights}). */
  private final SimpleInboundEventSource<PgAuditPolicy> serviceFreed = new SimpleInboundEventSource<>("service-freed");
  private final EventCounts eventCounts = new EventCounts();
  private final CoverageNotices coverage;
  private final ReconcileSteps reconcile;
  private final CleanupSteps cleanup;
  private final FailureControl failures;
  private volatile SecretWatch secrets;
  private final WrittenStatuses written = new WrittenStatuses();
  private final InForce inForce = new InForce();

  public PgAuditPolicyReconciler(ReconcilerSettings settings, PgSessionOpener sessions) {
    this(settings, sessions, Clock.systemUTC());
  }

  PgAuditPolicyReconciler(ReconcilerSettings settings, PgSessionOpener sessions, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    ServiceFlights flights = new ServiceFlights(serviceFreed::propagateEvent);
    Credentials credentials = new Credentials(
        (ns, name) -> secrets == null ? Optional.empty() : secrets.get(ns, name),
        settings.defaultToken(), settings.defaultTokenSource(), settings.delays());
    ObservationCache observations = new ObservationCache(settings.observationTtl(), clock);
    Observer observer = new Observer(settings.aiven(), sessions, settings.delays(), observations,
        new ProjectReadings(clock));
    CoverageCache coverages = new CoverageCache();
    PolicyEnforcer enforcer = new PolicyEnforcer(credentials, observer, new Applier(settings.delays()), coverages);
    AppliedStore store = new AppliedStore(settings.recordNamespace(), settings.delays().fast());
    TenancyGate tenancy = new TenancyGate(settings.tenancy());
    Releases releases = new Releases(enforcer, settings, tenancy, flights);
    DashboardsStep dashboards = new DashboardsStep(credentials, settings.aiven(), settings.delays(), tenancy, flights);
    this.coverage = new CoverageNotices(settings.coverage(), coverages);
    this.reconcile = new ReconcileSteps(tenancy, store, flights, releases, dashboards, enforcer, coverage, inForce);
    this.cleanup = new CleanupSteps(settings, tenancy, store, releases, dashboards, coverage, clock);
    this.failures = new FailureControl(settings.delays(), settings.statusWrites());
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
        .withName(LivePolicies.PEERS)
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

  /** Runs the steps and writes the status they lead to; a failed reconcile is thrown (see {@link #updateErrorStatus}). */
  @Override
  public UpdateControl<PgAuditPolicy> reconcile(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    if (secrets != null) secrets.dropUnreferenced();
    EventRecorder events = events(context);
    ReconcileSteps.Ended ended = reconcile.run(policy, context, events);
    if (ended instanceof ReconcileSteps.Busy) return UpdateControl.<PgAuditPolicy>noUpdate().rescheduleAfter(BUSY_BACKSTOP);
    if (ended instanceof ReconcileSteps.DeletedMeanwhile) return UpdateControl.noUpdate();
    Outcome outcome;
    PgAuditPolicyStatus status;
    boolean computedCoverage = false;
    if (ended instanceof ReconcileSteps.Reported reported) {
      outcome = reported.outcome();
      status = AuditReductions.report(policy, StatusBuilder.build(policy, outcome, clock.instant()),
          reported.reductions(), events);
      // Remembered whether it is written or left out below: a failed write is forgotten in updateErrorStatus.
      inForce.reported(policy, status);
      List<PgAuditPolicy> peers = reported.peers();
      computedCoverage = peers != null;
      if (computedCoverage && !PolicyFailure.failed(outcome)) {
        if (written.alreadyThere(policy, status)) {
          // This process wrote exactly this status; the cache has not caught up with it yet.
          coverage.upToDate(policy);
          return rescheduled(UpdateControl.noUpdate(), outcome);
        }
        if (CoverageNotices.onlyCoverageDiffers(policy.getStatus(), status) && coverage.mayDefer(policy, peers)) {
          // Only coverage changed while peers on the service are still to come: their writes would
          // change it again. Re-reported once they came, within CoverageHolds.CAP (why that is truthful: there).
          coverage.defer(policy, Intents.serviceOf(policy), peers);
          return rescheduled(UpdateControl.noUpdate(), outcome);
        }
      }
      coverage.reported(policy, status, events);
      if (computedCoverage) coverage.upToDate(policy);
    } else {
      outcome = ((ReconcileSteps.Refused) ended).outcome();
      status = StatusBuilder.build(policy, outcome, clock.instant());
      inForce.reported(policy, status); // a refusal: not in force
    }
    if (PolicyFailure.failed(outcome)) throw PolicyFailure.of(policy, outcome, status);
    if (!StatusChange.apply(policy, status, events)) return rescheduled(UpdateControl.noUpdate(), outcome);
    // Only a status from a run that computed coverage is remembered: the one a stale cache may hide.
    if (computedCoverage) written.writing(policy, status); else written.forget(policy);
    return rescheduled(UpdateControl.patchStatus(policy), outcome);
  }

  @Override
  public DeleteControl cleanup(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    written.forget(policy); // its status is written again in full after a cleanup's own writes
    inForce.forget(policy);
    return cleanup.run(policy, context, events(context));
  }

  /**
   * JOSDK calls this when the reconcile threw or its status write failed. A failed reconcile gets
   * its status written and the retry its failure calls for ({@link FailureControl}). A refused
   * status write leaves the status at its old generation, so it is logged (with the API server's
   * reason) and counted; JOSDK then retries as usual.
   */
  @Override
  public ErrorStatusUpdateControl<PgAuditPolicy> updateErrorStatus(PgAuditPolicy policy, Context<PgAuditPolicy> context,
      Exception e) {
    written.forget(policy); // the status write may be the one that failed: its retry writes in full
    inForce.forget(policy); // a failed reconcile, or a status write that did not land: not reported in force
    var failure = PolicyFailure.in(e);
    if (failure.isPresent()) return failures.control(policy, context, failure.get(), events(context));
    StatusWriteRefusal.tell(policy, e, settings.statusWrites());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private static UpdateControl<PgAuditPolicy> rescheduled(UpdateControl<PgAuditPolicy> control, Outcome outcome) {
    return outcome.retryAfter() == null ? control : control.rescheduleAfter(outcome.retryAfter());
  }

  /** A recorder sharing this reconciler's event counts, so repeated events aggregate. */
  private EventRecorder events(Context<PgAuditPolicy> context) {
    return new EventRecorder(context.getClient(), eventCounts, clock);
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
