package dev.pgaudit.testkit.kube;

import dev.pgaudit.testkit.kube.ApiServerRules;
import dev.pgaudit.testkit.rbac.ChartRbac;
import dev.pgaudit.testkit.rbac.RbacEnforcer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A Kubernetes API on loopback: Fabric8's mock server in CRUD mode. It stores, lists, watches,
 * patches (JSON and merge patch) and serves the status subresource, but has no server-side apply,
 * no admission and does not evaluate CRD validation, so the operator runs against it with SSA off.
 * It does enforce etcd's object size limit and object name rules ({@link ApiServerRules}), and its
 * store is indexed ({@link IndexedCrudDispatcher}): a request costs what its own resource type holds,
 * not every object stored.
 */
public final class EmbeddedKubernetes implements AutoCloseable {
  // The mock server logs every request through java.util.logging at INFO; keep a strong reference so the level sticks.
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ApiFaults faults;
  private final AtomicReference<ChartRbac> chart;
  private final AtomicReference<RbacEnforcer> rbac;

  private EmbeddedKubernetes(KubernetesMockServer server, ApiFaults faults, AtomicReference<RbacEnforcer> rbac) {
    this.server = server;
    this.faults = faults;
    this.rbac = rbac;
    this.chart = new AtomicReference<>();
    this.client = server.createClient();
  }

  /** Starts on a free loopback port. */
  public static EmbeddedKubernetes start() {
    return start(0);
  }

  public static EmbeddedKubernetes start(int port) {
    return start(port, (request, response) -> {});
  }

  /** {@code onServed} hears about every request and its response, e.g. to count who writes what. */
  public static EmbeddedKubernetes start(int port, BiConsumer<RecordedRequest, MockResponse> onServed) {
    ApiFaults faults = new ApiFaults();
    AtomicReference<RbacEnforcer> rbac = new AtomicReference<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        faults.wrap(List.of(), request -> rbac.get() == null ? null : rbac.get().intercept(request), onServed), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new EmbeddedKubernetes(server, faults, rbac);
  }

  /**
   * From now on, authorizes the requests of {@link #serviceAccountClient()}s against the RBAC the
   * Helm chart renders, as kube-apiserver would: refused requests are answered 403 and recorded in
   * the returned enforcer ({@link RbacEnforcer#assertNoRefusals()}). The shared {@link #client()}
   * stays an unchecked admin.
   */
  public RbacEnforcer enforceRbac(ChartRbac rendered) {
    if (!rbac.compareAndSet(null, new RbacEnforcer(rendered.rbac()))) throw new IllegalStateException("RBAC is enforced already");
    chart.set(rendered);
    return rbac.get();
  }

  /** A fresh client authenticated as the chart's ServiceAccount (needs {@link #enforceRbac}), e.g. for the operator. */
  public KubernetesClient serviceAccountClient() {
    ChartRbac rendered = chart.get();
    if (rendered == null) throw new IllegalStateException("enforceRbac first");
    String token = rbac.get().tokenFor(rendered.serviceAccount());
    return server.createClient(b -> b.editOrNewConfig().withOauthToken(token).endConfig());
  }

  /** Errors to answer instead of serving some requests, e.g. 409 on status updates. */
  public ApiFaults faults() {
    return faults;
  }

  /** A client shared by callers; it is closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client, e.g. one per operator instance, so that stopping one does not close another's. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public String url() {
    return server.url("/");
  }

  /** Registers a CRD from a YAML file (e.g. crds/pgauditpolicies.pgaudit.dev-v1.yml). */
  public CustomResourceDefinition applyCrd(Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      return client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read CRD " + yaml, e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
