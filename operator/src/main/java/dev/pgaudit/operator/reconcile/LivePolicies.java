package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The policies on a service, each in the newest version either informer has seen. Two informers
 * watch policies: the controller's own and the "peers" source that wakes a policy when another on
 * its service changes. Each updates its cache before it dispatches, but not at the same moment:
 * a loser woken by the peers source could otherwise read the winner's old spec from the
 * controller's cache, stay in conflict, and never be woken again (seen under load, issue 12).
 */
final class LivePolicies {
  static final String BY_SERVICE = "by-service";
  /** The informer event source that wakes the policies on a service when one of them changes. */
  static final String PEERS = "peers";

  /** The index both caches keep; an invalid policy is indexed nowhere (a throw would break the cache). */
  static final Function<PgAuditPolicy, List<String>> SERVICE_INDEX =
      p -> SpecCheck.valid(p) ? List.of(Intents.serviceOf(p).toString()) : List.of();

  private LivePolicies() {}

  /**
   * The live policies on a service, each in its newest cached version; a policy outside its
   * namespace's allowance is not one: it owns nothing and cannot win a conflict.
   */
  @SuppressWarnings("unchecked")
  static List<PgAuditPolicy> admittedOn(Context<PgAuditPolicy> context, ServiceKey service, TenancyGate tenancy) {
    var peers = context.eventSourceRetriever().getEventSourceFor(PgAuditPolicy.class, PEERS);
    return on(service, context.getPrimaryCache(), (IndexedResourceCache<PgAuditPolicy>) peers).stream()
        .filter(tenancy::allows)
        .toList();
  }

  /** The live (not being deleted) policies on the service. */
  static List<PgAuditPolicy> on(ServiceKey service, IndexedResourceCache<PgAuditPolicy> primary,
      IndexedResourceCache<PgAuditPolicy> peers) {
    List<IndexedResourceCache<PgAuditPolicy>> caches = peers == null ? List.of(primary) : List.of(primary, peers);
    Map<ResourceID, PgAuditPolicy> newest = new LinkedHashMap<>();
    for (var cache : caches) {
      for (PgAuditPolicy p : cache.byIndex(BY_SERVICE, service.toString())) {
        newest.merge(ResourceID.fromResource(p), p, LivePolicies::newer);
      }
    }
    // A policy just moved away from the service is indexed here by one cache only: its newer
    // version, under its new service in the other cache, must still win.
    for (ResourceID id : List.copyOf(newest.keySet())) {
      for (var cache : caches) cache.get(id).ifPresent(p -> newest.merge(id, p, LivePolicies::newer));
    }
    return newest.values().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> SpecCheck.valid(p) && Intents.serviceOf(p).equals(service))
        .toList();
  }

  /**
   * Generations only grow; at the same generation, the version being deleted is the later one.
   * A name deleted and created again is a new object: the one not being deleted is the live one.
   */
  static PgAuditPolicy newer(PgAuditPolicy a, PgAuditPolicy b) {
    if (!Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid())) {
      return a.getMetadata().getDeletionTimestamp() == null ? a : b;
    }
    long ga = generation(a);
    long gb = generation(b);
    if (ga != gb) return ga > gb ? a : b;
    return b.getMetadata().getDeletionTimestamp() != null ? b : a;
  }

  private static long generation(PgAuditPolicy p) {
    Long g = p.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
