package dev.pgaudit.operator.reconcile.direct;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A JOSDK {@link Context} for calling the reconciler directly (as Flink's TestingJosdkContext):
 * the primary cache is a map the test fills, the client is the test's, and the event source
 * retriever knows no event source (the reconciler then reads live policies from the primary cache
 * alone). Anything the reconciler does not ask for throws, so a new need shows up at once.
 */
final class TestingContext implements Context<PgAuditPolicy> {
  private final PolicyCache cache;
  private final KubernetesClient client;
  private final ControllerConfiguration<PgAuditPolicy> configuration;
  private final RetryInfo retry;

  TestingContext(PolicyCache cache, KubernetesClient client, ControllerConfiguration<PgAuditPolicy> configuration,
      RetryInfo retry) {
    this.cache = cache;
    this.client = client;
    this.configuration = configuration;
    this.retry = retry;
  }

  @Override public Optional<RetryInfo> getRetryInfo() { return Optional.ofNullable(retry); }
  @Override public IndexedResourceCache<PgAuditPolicy> getPrimaryCache() { return cache; }
  @Override public KubernetesClient getClient() { return client; }
  @Override public ControllerConfiguration<PgAuditPolicy> getControllerConfiguration() { return configuration; }
  @Override public EventSourceRetriever<PgAuditPolicy> eventSourceRetriever() { return NO_EVENT_SOURCES; }
  @Override public <R> Set<R> getSecondaryResources(Class<R> type) { throw unasked(); }
  @Override public <R> Optional<R> getSecondaryResource(Class<R> type, String name) { throw unasked(); }
  @Override public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() { throw unasked(); }
  @Override public ExecutorService getWorkflowExecutorService() { throw unasked(); }
  @Override public PgAuditPolicy getPrimaryResource() { throw unasked(); }
  @Override public boolean isNextReconciliationImminent() { return false; }
  @Override public boolean isPrimaryResourceDeleted() { return false; }
  @Override public boolean isPrimaryResourceFinalStateUnknown() { return false; }

  private static UnsupportedOperationException unasked() {
    return new UnsupportedOperationException("the reconciler asked the test Context for something new: teach TestingContext");
  }

  /** No event source by any name: the "peers" informer is absent, which the reconciler handles. */
  private static final EventSourceRetriever<PgAuditPolicy> NO_EVENT_SOURCES = new EventSourceRetriever<>() {
    @Override public <R> EventSource<R, PgAuditPolicy> getEventSourceFor(Class<R> type, String name) { return null; }
    @Override public <R> List<EventSource<R, PgAuditPolicy>> getEventSourcesFor(Class<R> type) { return List.of(); }
    @Override public ControllerEventSource<PgAuditPolicy> getControllerEventSource() { throw unasked(); }
    @Override public <R> EventSource<R, PgAuditPolicy> dynamicallyRegisterEventSource(EventSource<R, PgAuditPolicy> s) {
      throw unasked();
    }
    @Override public <R> Optional<EventSource<R, PgAuditPolicy>> dynamicallyDeRegisterEventSource(String name) {
      throw unasked();
    }
    @Override public EventSourceContext<PgAuditPolicy> eventSourceContextForDynamicRegistration() { throw unasked(); }
  };

  /** The controller's policy cache, held in a map; indexes are computed on each ask (a handful of policies). */
  static final class PolicyCache implements IndexerResourceCache<PgAuditPolicy> {
    private final Map<ResourceID, PgAuditPolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, Function<PgAuditPolicy, List<String>>> indexers = new ConcurrentHashMap<>();

    void put(PgAuditPolicy policy) { policies.put(ResourceID.fromResource(policy), policy); }
    void remove(PgAuditPolicy policy) { policies.remove(ResourceID.fromResource(policy)); }

    @Override public void addIndexers(Map<String, Function<PgAuditPolicy, List<String>>> more) { indexers.putAll(more); }

    @Override public List<PgAuditPolicy> byIndex(String index, String key) {
      Function<PgAuditPolicy, List<String>> indexer = indexers.get(index);
      if (indexer == null) throw new IllegalArgumentException("no index " + index);
      return policies.values().stream().filter(p -> indexer.apply(p).contains(key)).toList();
    }

    @Override public Optional<PgAuditPolicy> get(ResourceID id) { return Optional.ofNullable(policies.get(id)); }
    @Override public Stream<ResourceID> keys() { return policies.keySet().stream(); }
    @Override public Stream<PgAuditPolicy> list(Predicate<PgAuditPolicy> predicate) {
      return policies.values().stream().filter(predicate);
    }
    @Override public Stream<PgAuditPolicy> list(String namespace, Predicate<PgAuditPolicy> predicate) {
      return list(p -> namespace.equals(p.getMetadata().getNamespace()) && predicate.test(p));
    }
  }
}
