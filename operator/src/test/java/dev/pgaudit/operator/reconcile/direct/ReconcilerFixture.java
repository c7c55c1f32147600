package dev.pgaudit.operator.reconcile.direct;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.reconcile.CloseSteps;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.kube.EmbeddedKubernetes;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.BaseConfigurationService;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.Utils;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The controller-level test layer: one {@link PgAuditPolicyReconciler}, called directly through
 * {@code reconcile}/{@code cleanup} with a {@link TestingContext}, against the Aiven simulator, a
 * Fabric8 mock API server (Secrets, applied records, Events, status patches) and, when asked for,
 * the real PostgreSQL + pgaudit launcher. No JOSDK Operator runs and nothing waits on an informer:
 * a test puts a policy in the primary cache, calls the reconciler and reads what it returned.
 *
 * <p>Only the reconciler's public API is used (constructor, prepareEventSources, reconcile,
 * cleanup): the Secret event sources it prepares are started here, because its Secret cache reads a
 * Secret it does not hold from the API server once; its other event sources are given a no-op
 * handler (the coverage nudges) or left out (the peers informer, which the reconciler may miss).
 *
 * <p>As a JUnit extension: {@code @RegisterExtension static final ReconcilerFixture fx = ...}.
 */
final class ReconcilerFixture implements AutoCloseable, AfterAllCallback {
  static final String PROJECT = OperatorTestEnv.PROJECT;
  static final String TOKEN = OperatorTestEnv.TOKEN;
  static final String TOKEN_SECRET = OperatorTestEnv.TOKEN_SECRET;
  /** Where no PostgreSQL listens: a pg service pointing here fails every connection. */
  static final PgLogin NOWHERE = new PgLogin("127.0.0.1", 1, "avnadmin", "x", "defaultdb", "disable");
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final AivenSimulator aiven;
  final EmbeddedKubernetes kube;
  final KubernetesClient client;
  /** Null unless started {@link #withPostgres}. */
  final PgAuditCluster pg;
  final ReconcilerSettings settings;
  private final TestingContext.PolicyCache cache = new TestingContext.PolicyCache();
  private PgAuditPolicyReconciler reconciler;
  private ControllerConfiguration<PgAuditPolicy> configuration;
  private List<EventSource<?, PgAuditPolicy>> sources;
  /** JOSDK's retry state per policy: from a failed attempt until one that does not throw. */
  private final Map<ResourceID, RetryExecution> retries = new ConcurrentHashMap<>();

  private ReconcilerFixture(boolean postgres, UnaryOperator<ReconcilerSettings> tune) {
    this.pg = postgres ? PgAuditCluster.launch() : null;
    this.aiven = AivenSimulator.start();
    this.kube = EmbeddedKubernetes.start();
    this.client = kube.client();
    aiven.addToken(TOKEN).addProject(PROJECT);
    kube.applyCrd(OperatorTestEnv.repoFile("crds/pgauditpolicies.pgaudit.dev-v1.yml"));
    this.settings = tune.apply(OperatorTestEnv.settings(aiven.baseUrl()));
    startReconciler();
  }

  /** A new reconciler with its event sources, as a new operator process starts: it remembers nothing. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private void startReconciler() {
    this.reconciler = new PgAuditPolicyReconciler(settings, new PgSessionOpener(PgSessionOpener.StatementListener.NONE));
    // As the operator's tests run it against the mock API server, which has no server-side apply.
    this.configuration = new BaseConfigurationService(Utils.VERSION, null, client) {
      @Override
      public boolean useSSAToPatchPrimaryResource() {
        return false;
      }
    }.getConfigurationFor(reconciler);
    this.sources = reconciler.prepareEventSources(new EventSourceContext<>(cache, configuration, client, PgAuditPolicy.class));
    for (EventSource<?, PgAuditPolicy> source : sources) {
      ((AbstractEventSource<?, PgAuditPolicy>) source).setEventHandler(event -> {});
      if (source instanceof InformerEventSource<?, ?> informer && source.resourceType() == Secret.class) {
        // As JOSDK's EventSourceManager does on registration: "inherited" namespaces come from here.
        ((InformerEventSource) informer).setControllerConfiguration(configuration);
        informer.start();
      }
    }
  }

  /**
   * An operator restart (or a leader change): the reconciler and its event sources are replaced by
   * new ones; the policies cached, the API server and the services stay.
   */
  void restartReconciler() {
    sources.forEach(EventSource::stop);
    startReconciler();
  }

  /** Aiven simulator and mock API server only: pg services lead to {@link #NOWHERE} unless given a cluster. */
  static ReconcilerFixture aivenOnly(UnaryOperator<ReconcilerSettings> tune) {
    return new ReconcilerFixture(false, tune);
  }

  static ReconcilerFixture aivenOnly() {
    return aivenOnly(UnaryOperator.identity());
  }

  /** With the real PostgreSQL + pgaudit behind {@link #pgService()}. */
  static ReconcilerFixture withPostgres() {
    return new ReconcilerFixture(true, UnaryOperator.identity());
  }

  /** A fresh namespace name (the mock API server needs no Namespace object) holding the token Secret. */
  String namespace() {
    String ns = "d" + SEQUENCE.incrementAndGet();
    putSecret(ns, TOKEN_SECRET, Map.of("token", TOKEN));
    return ns;
  }

  /** A new RUNNING pg service: on the real cluster when there is one, else leading to {@link #NOWHERE}. */
  String pgService(String version) {
    String name = "pg-" + SEQUENCE.incrementAndGet();
    if (pg != null) aiven.addPgService(PROJECT, name, version, pg);
    else aiven.addPgService(PROJECT, name, version, NOWHERE);
    return name;
  }

  String pgService() {
    return pgService("16");
  }

  /** A unique name built from {@code hint}. */
  static String unique(String hint) {
    return hint + "_" + SEQUENCE.incrementAndGet();
  }

  void putSecret(String ns, String name, Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withData(encoded).build()).createOr(r -> r.update());
  }

  /**
   * The policy as the API server stores it (uid, generation), in the primary cache, as JOSDK would
   * hand it over once it is created.
   */
  PgAuditPolicy put(PgAuditPolicy policy) {
    PgAuditPolicy stored = client.resource(policy).createOr(r -> r.update());
    cache.put(stored);
    return stored;
  }

  /**
   * Calls reconcile on the cached version of the policy, as JOSDK does, and caches what it left. A
   * reconcile that throws goes where JOSDK's dispatcher sends it: to updateErrorStatus, and then to
   * the controller's retry unless that says no retry; what then happens is returned as the
   * UpdateControl with the same effect (a status written, the delay of the next reconcile).
   */
  UpdateControl<PgAuditPolicy> reconcile(PgAuditPolicy policy) {
    TestingContext context = context(retries.get(ResourceID.fromResource(policy)));
    UpdateControl<PgAuditPolicy> control;
    try {
      control = reconciler.reconcile(policy, context);
      retries.remove(ResourceID.fromResource(policy));
    } catch (RuntimeException e) {
      control = afterFailure(policy, context, e);
    }
    cache.put(policy);
    return control;
  }

  private UpdateControl<PgAuditPolicy> afterFailure(PgAuditPolicy policy, TestingContext context, RuntimeException e) {
    var before = policy.getStatus();
    ErrorStatusUpdateControl<PgAuditPolicy> error = reconciler.updateErrorStatus(policy, context, e);
    if (error.isDefaultErrorProcessing()) throw e;
    // The status is written by JOSDK (a patch in the control) or by updateErrorStatus itself.
    boolean written = error.getResource().isPresent() || policy.getStatus() != before;
    UpdateControl<PgAuditPolicy> control = written ? UpdateControl.patchStatus(policy) : UpdateControl.noUpdate();
    if (error.isNoRetry()) {
      retries.remove(ResourceID.fromResource(policy));
      error.getScheduleDelay().ifPresent(control::rescheduleAfter);
      return control;
    }
    retried(policy).ifPresent(control::rescheduleAfter);
    return control;
  }

  /** The delay JOSDK's retry gives a failed attempt (none once the attempts are used up). */
  private Optional<Long> retried(PgAuditPolicy policy) {
    return retries.computeIfAbsent(ResourceID.fromResource(policy), id -> settings.failureRetry().initExecution())
        .nextDelay();
  }

  /**
   * Marks the policy deleted (as the API server does on delete with a finalizer) and calls cleanup
   * with JOSDK's retry state: a cleanup that throws is retried, as a DeleteControl keeping the
   * finalizer with the retry's delay.
   */
  DeleteControl cleanup(PgAuditPolicy policy) {
    if (policy.getMetadata().getDeletionTimestamp() == null) {
      policy.getMetadata().setDeletionTimestamp(Instant.now().toString());
    }
    cache.put(policy);
    DeleteControl control;
    try {
      control = reconciler.cleanup(policy, context(retries.get(ResourceID.fromResource(policy))));
      retries.remove(ResourceID.fromResource(policy));
    } catch (RuntimeException e) {
      control = DeleteControl.noFinalizerRemoval();
      retried(policy).ifPresent(control::rescheduleAfter);
    }
    if (control.isRemoveFinalizer()) cache.remove(policy);
    return control;
  }

  private TestingContext context(RetryInfo retry) {
    return new TestingContext(cache, client, configuration, retry);
  }

  /** The policy's condition of this type, as the reconciler set it. */
  static Condition condition(PgAuditPolicy policy, String type) {
    return policy.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + policy.getStatus()));
  }

  /** The condition's status, reason and message, to compare with one containsExactly. */
  static List<String> statusReasonMessage(PgAuditPolicy policy, String type) {
    Condition c = condition(policy, type);
    return List.of(c.getStatus(), c.getReason(), c.getMessage());
  }

  /** The settings with {@link #TOKEN} as the operator's default token, under these tenancy rules. */
  static UnaryOperator<ReconcilerSettings> defaultTokenUnder(dev.pgaudit.operator.tenancy.TenancyRules rules) {
    return s -> new ReconcilerSettings(s.aiven(), () -> TOKEN, "the test's default token", s.delays(),
        s.maxCleanupAttempts(), s.observationTtl(), s.statusWrites(), s.recordNamespace(), s.coverage(), rules);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    List<Runnable> steps = new ArrayList<>();
    sources.forEach(s -> steps.add(s::stop));
    steps.add(kube::close);
    steps.add(aiven::close);
    if (pg != null) steps.add(pg::close);
    CloseSteps.runAll(steps);
  }
}
