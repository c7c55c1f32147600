package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSettingsGateway;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
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
  private static final String BY_SERVICE = "by-service";
  private static final String BY_SECRET = "by-secret";

  private final ReconcilerSettings settings;
  private final PgAuditSettingsGateway gateway;
  private final Clock clock;
  private final Map<String, Integer> cleanupAttempts = new ConcurrentHashMap<>();
  private final Map<ServiceKey, Object> serviceLocks = new ConcurrentHashMap<>();
  private final ObservationCache observations;
  private volatile InformerEventSource<Secret, PgAuditPolicy> secrets;

  public PgAuditPolicyReconciler(ReconcilerSettings settings, PgAuditSettingsGateway gateway) {
    this(settings, gateway, Clock.systemUTC());
  }

  PgAuditPolicyReconciler(ReconcilerSettings settings, PgAuditSettingsGateway gateway, Clock clock) {
    this.settings = settings;
    this.gateway = gateway;
    this.clock = clock;
    this.observations = new ObservationCache(settings.observationTtl(), clock);
  }

  @Override
  public List<EventSource<?, PgAuditPolicy>> prepareEventSources(EventSourceContext<PgAuditPolicy> context) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(BY_SERVICE, p -> List.of(Intents.serviceOf(p).toString()));
    cache.addIndexer(BY_SECRET, PgAuditPolicyReconciler::referencedSecrets);

    secrets = new InformerEventSource<>(InformerEventSourceConfiguration.from(Secret.class, PgAuditPolicy.class)
        .withName("secrets")
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(secret -> ids(cache.byIndex(BY_SECRET,
            secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())))
        .withPrimaryToSecondaryMapper((PgAuditPolicy p) -> referencedSecrets(p).stream()
            .map(ref -> new ResourceID(ref.substring(ref.indexOf('/') + 1), ref.substring(0, ref.indexOf('/'))))
            .collect(Collectors.toSet()))
        .build(), context);

    // Peers: any change of a policy's spec or lifecycle re-triggers every policy on the same service.
    var peers = new InformerEventSource<>(InformerEventSourceConfiguration.from(PgAuditPolicy.class, PgAuditPolicy.class)
        .withName("peers")
        .withNamespacesInheritedFromController()
        .withOnUpdateFilter((PgAuditPolicy newer, PgAuditPolicy older) ->
            !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
                || !Objects.equals(newer.getMetadata().getDeletionTimestamp(), older.getMetadata().getDeletionTimestamp()))
        .withSecondaryToPrimaryMapper(p -> peersOf(cache.byIndex(BY_SERVICE, Intents.serviceOf(p).toString()), p))
        .build(), context);
    return List.of(secrets, peers);
  }

  @Override
  public UpdateControl<PgAuditPolicy> reconcile(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    PolicyIntent intent = Intents.of(policy);
    EventRecorder events = new EventRecorder(context.getClient());
    boolean steady = isSteady(policy);
    Outcome outcome;
    synchronized (lockOf(intent.service())) {
      List<PgAuditPolicy> live = livePolicies(context, intent.service());
      Ownership ownership = Ownership.resolve(live.stream().map(Intents::of).toList());
      outcome = run().reconcile(policy, intent, ownership, live, needsAvnadmin(context, intent.service()), change ->
          events.normal(policy, steady ? Conditions.Event.DRIFT_CORRECTED : Conditions.Event.APPLIED, describe(change)));
    }
    PgAuditPolicyStatus status = StatusReporter.report(policy, outcome, clock.instant());
    UpdateControl<PgAuditPolicy> control;
    if (status.equals(policy.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      logReady(policy, status);
      policy.setStatus(status);
      control = UpdateControl.patchStatus(policy);
    }
    return outcome.retryAfter() == null ? control : control.rescheduleAfter(outcome.retryAfter());
  }

  @Override
  public DeleteControl cleanup(PgAuditPolicy policy, Context<PgAuditPolicy> context) {
    EventRecorder events = new EventRecorder(context.getClient());
    if (policy.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan || policy.getSpec().getMode() == Mode.DryRun) {
      events.normal(policy, Conditions.Event.ORPHANED, policy.getSpec().getMode() == Mode.DryRun
          ? "DryRun policy deleted; it never wrote anything, so nothing is undone"
          : "deletionPolicy is Orphan: the settings and integration it made are left in place");
      return DeleteControl.defaultDelete();
    }
    PolicyIntent intent = Intents.of(policy);
    String uid = policy.getMetadata().getUid();
    PolicyRun.CleanupResult result;
    synchronized (lockOf(intent.service())) {
      List<PolicyIntent> others = livePeers(context, intent.service());
      if (isLoser(intent, others)) {
        events.normal(policy, Conditions.Event.CLEANED_UP, "the policy lost a conflict and wrote nothing; nothing to undo");
        return DeleteControl.defaultDelete();
      }
      result = run().cleanup(policy, intent, Ownership.resolve(others), change ->
          events.normal(policy, Conditions.Event.CLEANED_UP, "undone: " + describe(change)));
    }
    if (result.done()) {
      cleanupAttempts.remove(uid);
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

  private PolicyRun run() {
    Credentials credentials = new Credentials(
        (ns, name) -> secrets == null ? Optional.empty() : secrets.get(new ResourceID(name, ns)),
        settings.defaultToken(), settings.defaultTokenSource());
    Observer observer = new Observer(settings.aiven(), gateway, settings.delays(), observations);
    return new PolicyRun(credentials, observer, new Applier(settings.delays()));
  }

  private void reportCleanupFailure(PgAuditPolicy policy, Context<PgAuditPolicy> context, ReconcileFailure failure, int attempt) {
    String message = "cleanup attempt " + attempt + " of " + settings.maxCleanupAttempts() + " failed: " + failure.getMessage();
    new EventRecorder(context.getClient()).warning(policy, Conditions.Event.FAILED, message);
    try {
      var outcome = new Outcome(Map.of(failure.layer, LayerState.failed(failure.reason, message)), null, false,
          List.of(), policy.getStatus() == null ? null : policy.getStatus().getService(), null, null);
      policy.setStatus(StatusReporter.report(policy, outcome, clock.instant()));
      context.getClient().resource(policy).patchStatus();
    } catch (RuntimeException e) {
      log.warn("{} could not report the cleanup failure in status: {}", policy.key(), e.getMessage());
    }
  }

  private static List<PolicyIntent> livePeers(Context<PgAuditPolicy> context, ServiceKey service) {
    return livePolicies(context, service).stream().map(Intents::of).toList();
  }

  private static List<PgAuditPolicy> livePolicies(Context<PgAuditPolicy> context, ServiceKey service) {
    return context.getPrimaryCache().byIndex(BY_SERVICE, service.toString()).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static boolean isLoser(PolicyIntent deleted, List<PolicyIntent> others) {
    List<PolicyIntent> all = new ArrayList<>(others);
    all.add(deleted);
    return Ownership.resolve(all).conflictOf(deleted.ref()).isPresent();
  }

  /** True when a live policy on the service will connect to PostgreSQL as avnadmin (read from the Aiven API). */
  private static boolean needsAvnadmin(Context<PgAuditPolicy> context, ServiceKey service) {
    return context.getPrimaryCache().byIndex(BY_SERVICE, service.toString()).stream()
        .anyMatch(p -> p.getSpec().getScope().getLevel() != dev.pgaudit.operator.api.ScopeLevel.Service
            && p.getSpec().getConnection() == null);
  }

  /** A policy whose last status said Ready at this generation: a write now corrects drift. */
  private static boolean isSteady(PgAuditPolicy policy) {
    PgAuditPolicyStatus status = policy.getStatus();
    if (status == null || !Objects.equals(status.getObservedGeneration(), policy.getMetadata().getGeneration())) return false;
    return status.getConditions().stream().anyMatch(c -> Conditions.READY.equals(c.getType())
        && "True".equals(c.getStatus()) && Conditions.Reason.RECONCILED.equals(c.getReason()));
  }

  private Object lockOf(ServiceKey service) {
    return serviceLocks.computeIfAbsent(service, k -> new Object());
  }

  private static String describe(Change change) {
    return Applier.describe(change);
  }

  private static void logReady(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    status.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst()
        .ifPresent(c -> log.info("{} Ready={} {}: {}", policy.key(), c.getStatus(), c.getReason(), c.getMessage()));
  }

  private static List<String> referencedSecrets(PgAuditPolicy p) {
    String ns = p.getMetadata().getNamespace();
    List<String> refs = new ArrayList<>();
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
