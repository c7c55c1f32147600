package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.DashboardsAccess;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.operator.dashboards.DashboardsClient;
import dev.pgaudit.operator.dashboards.DashboardsException;
import dev.pgaudit.operator.dashboards.DashboardsSetup;
import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The opt-in Dashboards objects (spec.sink.opensearch.dashboards), after the plan's layers and
 * in the same service flight ({@link ServiceFlights}): observe (integration active? Dashboards URL and credentials from the
 * Aiven API; the objects) → write what is missing or drifted → report DashboardsReady. What it
 * creates is kept in the policy's applied record as an {@link AppliedRecord.Dashboards} part and
 * deleted on opt-out, a sink move, a service move or delete, unless another policy still uses it.
 */
final class DashboardsStep {
  private final Credentials credentials;
  private final AivenClientConfig aiven;
  private final RetryDelays delays;
  private final TenancyGate tenancy;
  private final ServiceFlights flights;

  DashboardsStep(Credentials credentials, AivenClientConfig aiven, RetryDelays delays, TenancyGate tenancy,
      ServiceFlights flights) {
    this.credentials = credentials;
    this.aiven = aiven;
    this.delays = delays;
    this.tenancy = tenancy;
    this.flights = flights;
  }

  /** The outcome with DashboardsReady added (absent = NotApplicable), after releasing what is no longer wanted. */
  Outcome reconcile(PgAuditPolicy policy, PolicyIntent intent, Outcome outcome, Records records,
      List<PgAuditPolicy> live, Consumer<String> written) {
    OpenSearchSink sink = sinkOf(policy);
    boolean wanted = sink != null && sink.dashboardsEnabled();
    if (!intent.enforce() || outcome.conflict() != null) {
      if (!wanted) return outcome;
      return with(outcome, intent.enforce() ? LayerState.unknown("not applied: " + outcome.conflict())
          : new LayerState("Unknown", Conditions.Reason.DRY_RUN, "DryRun: the Dashboards objects are neither checked nor created"), null);
    }
    ServiceKey dest = wanted ? destOf(policy, sink) : null;
    try {
      ReconcileFailure releaseFailure = release(policy, intent.service(), dest, records, live, written);
      if (!wanted) {
        return releaseFailure == null ? outcome : with(outcome, LayerState.failed(releaseFailure.reason,
            "releasing: " + releaseFailure.getMessage()), releaseFailure.retryAfter);
      }
      if (releaseFailure != null) throw releaseFailure;
      if (!sinkInPlace(outcome.layers().get(Layer.SINK))) {
        return with(outcome, LayerState.unknown("waiting for the logs integration to " + dest + " (see SinkIntegrated)"),
            null);
      }
      return ensure(policy, intent, dest, sink, outcome, records, written);
    } catch (ReconcileFailure f) {
      return with(outcome, LayerState.failed(f.reason, f.getMessage()), f.retryAfter);
    }
  }

  /**
   * Deletes the Dashboards objects the policy's record holds on every service but {@code keep}
   * (null: all), each in its service's flight. The first failure, or null.
   */
  ReconcileFailure releaseAll(PgAuditPolicy policy, PolicyIntent intent, Context<PgAuditPolicy> context,
      Records records, ServiceKey keep, EventRecorder events, String eventReason) {
    Set<ServiceKey> services = new LinkedHashSet<>(records.servicesOf(policy.key()));
    services.add(intent.service());
    for (ServiceKey service : services) {
      // As for the settings (Releases): a service the namespace may not use keeps what was made for it.
      if (service.equals(keep) || !tenancy.decide(policy, service).allowed()) continue;
      ReconcileFailure f = flights.inFlight(service, () -> release(policy, service, null, records,
          LivePolicies.admittedOn(context, service, tenancy), deleted -> events.normal(policy, eventReason, deleted)));
      if (f != null) return f;
    }
    return null;
  }

  /** After spec.service changed: the Dashboards objects it made for the old service go first (null: done). */
  Outcome releaseElsewhere(PgAuditPolicy policy, PolicyIntent intent, Context<PgAuditPolicy> context,
      Records records, EventRecorder events) {
    try {
      ReconcileFailure f = releaseAll(policy, intent, context, records, intent.service(), events,
          Conditions.EventReason.RELEASED);
      if (f == null) return null;
      return Outcome.stopped(policy, Layer.DASHBOARDS, LayerState.failed(f.reason, "releasing what it made for its"
          + " former service: " + f.getMessage() + "; nothing is written on " + intent.service() + " until that is done"),
          f.retryAfter);
    } catch (ReconcileFailure f) {
      return null; // the reconcile's own load reports it
    }
  }

  /**
   * Releases the policy's Dashboards parts on {@code service} except the one for {@code keep} (null:
   * all of them): deleted unless another policy records or wants the same objects. Null when done.
   */
  ReconcileFailure release(PgAuditPolicy policy, ServiceKey service, ServiceKey keep, Records records,
      List<PgAuditPolicy> live, Consumer<String> deleted) {
    String key = policy.key();
    ServiceRecord record = records.load(service);
    for (AppliedRecord.Part part : record.of(key).dashboards().parts()) {
      AppliedRecord.Dashboards d = (AppliedRecord.Dashboards) part;
      ServiceKey dest = new ServiceKey(d.destProject(), d.destService());
      if (dest.equals(keep)) continue;
      if (!usedByOthers(record, key, dest, live)) {
        try {
          Optional<DashboardsAccess> access = client(policy).getDashboardsAccess(dest.project(), dest.service());
          if (access.isEmpty()) {
            return new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_DISABLED, "cannot delete "
                + d.objects() + " from the Dashboards of " + dest + ": the service offers no Dashboards now", delays.slow());
          }
          new DashboardsSetup(dashboards(access.get())).release(d.objects())
              .forEach(name -> deleted.accept("deleted " + name + " from the Dashboards of " + dest));
        } catch (AivenApiException e) {
          // The OpenSearch service (or its project) is gone: so are its saved objects.
          if (!e.isNotFound()) return ReconcileFailure.fromAiven(Layer.DASHBOARDS, e, "reading " + dest, delays);
        } catch (DashboardsException e) {
          return failure(e);
        }
      }
      record = record.withPolicy(key, record.of(key).withDashboards(d.destProject(), d.destService(), null));
      records.save(record);
    }
    return null;
  }

  private Outcome ensure(PgAuditPolicy policy, PolicyIntent intent, ServiceKey dest, OpenSearchSink sink, Outcome outcome,
      Records records, Consumer<String> written) {
    AivenClient client = client(policy);
    try {
      Optional<ServiceIntegration> integration = client.listServiceIntegrations(intent.service().project(),
          intent.service().service()).stream()
          .filter(i -> i.id() != null && "logs".equals(i.type()) && dest.service().equals(i.destService())
              && intent.service().service().equals(i.sourceService()))
          .findFirst();
      if (integration.isEmpty() || !integration.get().active()) {
        return with(outcome, new LayerState("Unknown", Conditions.Reason.INTEGRATION_STARTING, "waiting for the logs"
            + " integration to " + dest + " to become active; the Dashboards objects are created then"), delays.fast());
      }
      Optional<DashboardsAccess> access = client.getDashboardsAccess(dest.project(), dest.service());
      if (access.isEmpty()) {
        return with(outcome, LayerState.failed(Conditions.Reason.DASHBOARDS_DISABLED, "OpenSearch service " + dest
            + " offers no Dashboards (user_config.opensearch_dashboards.enabled is false, or it is not running)"),
            delays.slow());
      }
      AuditObjects objects = new AuditObjects(intent.service().project(), intent.service().service(), sink.getIndexPrefix());
      // Write-ahead: the record names the objects before they are created (our ids only, never a hand-made one).
      ServiceRecord record = records.load(intent.service());
      String key = policy.key();
      records.save(record.withPolicy(key, record.of(key).withDashboards(dest.project(), dest.service(),
          new AppliedRecord.Dashboards(dest.project(), dest.service(), objects.recordNames()))));
      DashboardsSetup.Result result = new DashboardsSetup(dashboards(access.get())).ensure(objects);
      result.writes().forEach(w -> written.accept(w + " in the Dashboards of " + dest));
      String url = objects.discoverUrl(access.get().baseUri());
      if (result.handMade()) {
        return with(outcome, new LayerState("True", Conditions.Reason.EXISTING_INDEX_PATTERN, "an index pattern titled "
            + objects.title() + " (id " + result.patternId() + ") that the operator did not make exists in the Global tenant of "
            + dest + "'s Dashboards: it is left alone (its field list is not refreshed) and saved search \""
            + objects.searchTitle() + "\" uses it: " + url), null);
      }
      return with(outcome, LayerState.ok("index pattern " + objects.title() + " and saved search \"" + objects.searchTitle()
          + "\" are in the Global tenant of " + dest + "'s Dashboards: " + url), null);
    } catch (AivenApiException e) {
      ReconcileFailure f = ReconcileFailure.fromAiven(Layer.DASHBOARDS, e, "reading " + dest, delays);
      return with(outcome, LayerState.failed(f.reason, f.getMessage()), f.retryAfter);
    } catch (DashboardsException e) {
      ReconcileFailure f = failure(e);
      return with(outcome, LayerState.failed(f.reason, f.getMessage()), f.retryAfter);
    }
  }

  private ReconcileFailure failure(DashboardsException e) {
    return switch (e.kind()) {
      case UNREACHABLE -> new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_UNREACHABLE, e.getMessage(), delays.fast());
      case UNAUTHORIZED -> new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_UNAUTHORIZED, e.getMessage()
          + "; the avnadmin credentials from the Aiven API were not accepted", delays.slow());
      case TENANT -> new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_TENANT, e.getMessage()
          + "; the objects are kept in the Global tenant, which must be enabled", delays.slow());
      case CONFLICT -> new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_ERROR, e.getMessage()
          + "; changed meanwhile, read again at the next try", delays.fast());
      case OTHER -> new ReconcileFailure(Layer.DASHBOARDS, Conditions.Reason.DASHBOARDS_ERROR, e.getMessage(), delays.slow());
    };
  }

  /**
   * The integration exists: SinkIntegrated is True, or says only that it is still starting (this
   * step then reports IntegrationStarting itself, from the integration's {@code active}).
   */
  private static boolean sinkInPlace(LayerState sink) {
    if (sink == null) return false;
    return sink.isOk() || (sink.reason() != null && sink.reason().endsWith("Starting"));
  }

  /** Another policy records these objects, or a live one on the service wants them (it would create them again). */
  private static boolean usedByOthers(ServiceRecord record, String key, ServiceKey dest, List<PgAuditPolicy> live) {
    boolean recorded = record.byPolicy().entrySet().stream().filter(e -> !e.getKey().equals(key))
        .flatMap(e -> e.getValue().dashboards().parts().stream())
        .map(p -> (AppliedRecord.Dashboards) p)
        .anyMatch(p -> p.destProject().equals(dest.project()) && p.destService().equals(dest.service()));
    return recorded || live.stream().filter(p -> !p.key().equals(key) && p.getSpec().getMode() != dev.pgaudit.operator.api.Mode.DryRun)
        .anyMatch(p -> {
          OpenSearchSink s = sinkOf(p);
          return s != null && s.dashboardsEnabled() && destOf(p, s).equals(dest);
        });
  }

  private static OpenSearchSink sinkOf(PgAuditPolicy policy) {
    var sink = policy.getSpec().getSink();
    return sink == null ? null : sink.getOpensearch();
  }

  private static ServiceKey destOf(PgAuditPolicy policy, OpenSearchSink sink) {
    return new ServiceKey(sink.getProject() != null ? sink.getProject() : policy.getSpec().getService().getProject(),
        sink.getServiceName());
  }

  private AivenClient client(PgAuditPolicy policy) {
    Credentials.Token token = credentials.token(policy);
    return new AivenClient(aiven, token.value(), token.source());
  }

  private DashboardsClient dashboards(DashboardsAccess access) {
    return new DashboardsClient(access, aiven.connectTimeout(), aiven.readTimeout());
  }

  private static Outcome with(Outcome outcome, LayerState state, Duration retry) {
    return outcome.withLayer(Layer.DASHBOARDS, state, retry);
  }
}
