package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.testkit.kube.ApiServerRules;
import dev.pgaudit.testkit.rbac.ChartRbac;
import dev.pgaudit.testkit.rbac.RbacEnforcer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Fabric8's mock API server in CRUD mode with the PgAuditPolicy CRD applied, a real API server's
 * size and name rules ({@link ApiServerRules}), and the Helm chart's RBAC enforced: the clients
 * from {@link #newClient()} authenticate as the chart's ServiceAccount, every request they make is
 * authorized against the rendered (Cluster)Roles like kube-apiserver does (403 when refused;
 * SelfSubjectRulesReviews, which JOSDK sends before leader election, answered from the same
 * rules), and {@link #close()} fails the test if any request was refused. {@link #client()} is the
 * test's admin client and is not checked.
 */
final class MockKubernetes implements AutoCloseable {
  static final Path CRD = Path.of("target/classes/META-INF/fabric8/pgauditpolicies.pgaudit.dev-v1.yml");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ChartRbac chart;
  private final RbacEnforcer rbac;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private MockKubernetes(KubernetesMockServer server, ChartRbac chart, RbacEnforcer rbac) {
    this.server = server;
    this.chart = chart;
    this.rbac = rbac;
    this.client = server.createClient();
  }

  // Held: JUL keeps loggers weakly, and the mock server logs every request at INFO.
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** With the chart's default RBAC: every namespace watched, through a ClusterRole. */
  static MockKubernetes start() {
    return start(ChartRbac.clusterWide());
  }

  /** @param leaseRbac false: the chart installed with leaderElection.enabled=false, so no Lease rights */
  static MockKubernetes start(boolean leaseRbac) {
    return start(leaseRbac ? ChartRbac.clusterWide()
        : ChartRbac.render(ChartRbac.chartDir(), Map.of("leaderElection", Map.of("enabled", false))));
  }

  static MockKubernetes start(ChartRbac chart) {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    RbacEnforcer rbac = new RbacEnforcer(chart.rbac());
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    Dispatcher stored = expectationsThenRules(responses);
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse refused = rbac.intercept(request);
            return refused != null ? refused : stored.dispatch(request);
          }
        }, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    MockKubernetes kube = new MockKubernetes(server, chart, rbac);
    kube.applyCrd();
    return kube;
  }

  /** The test's admin client (not subject to RBAC). */
  KubernetesClient client() {
    return client;
  }

  /** What server.expect() set up first; everything else from a CRUD store with a real API server's rules. */
  private static Dispatcher expectationsThenRules(Map<ServerRequest, Queue<ServerResponse>> responses) {
    KubernetesMixedDispatcher expectations = new KubernetesMixedDispatcher(responses);
    ApiServerRules store = new ApiServerRules(List.of());
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> expected = responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        return expected != null && !expected.isEmpty() ? expectations.dispatch(request) : store.dispatch(request);
      }
    };
  }

  /** A client of its own authenticated as the chart's ServiceAccount, e.g. one per operator instance; closed with the server. */
  KubernetesClient newClient() {
    String token = rbac.tokenFor(chart.serviceAccount());
    KubernetesClient c = server.createClient(b -> b.editOrNewConfig().withOauthToken(token).endConfig());
    clients.add(c);
    return c;
  }

  /** The RBAC the server enforces, and what the operator under test must watch to live with it. */
  ChartRbac chart() {
    return chart;
  }

  RbacEnforcer rbac() {
    return rbac;
  }

  /** As {@link #newClient()}, without retrying 5xx answers (Fabric8 retries them ten times by default). */
  KubernetesClient newClientWithoutRetries() {
    String token = rbac.tokenFor(chart.serviceAccount());
    KubernetesClient c = server.createClient(b -> b.editOrNewConfig().withOauthToken(token)
        .withRequestRetryBackoffLimit(0).endConfig());
    clients.add(c);
    return c;
  }

  PgAuditPolicy createPolicy(String namespace, String name) {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg-" + name));
    spec.setScope(new Scope(ScopeLevel.Service, null, null));
    spec.setLog(List.of(AuditClass.DDL));
    p.setSpec(spec);
    PgAuditPolicy created = client.resource(p).create();
    // The mock drops status on create and, on the finalizer PATCH that follows, stores "status": null,
    // which the operator's first JSON-patch of status (add /status/conditions/0) cannot apply to.
    // An empty status written first keeps that patch applicable (see the report for the demo).
    return client.resource(created).updateStatus();
  }

  PgAuditPolicy policy(String namespace, String name) {
    return client.resources(PgAuditPolicy.class).inNamespace(namespace).withName(name).get();
  }

  private void applyCrd() {
    try (InputStream in = Files.newInputStream(CRD)) {
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CRD + " (run the build's process-classes phase)", e);
    }
  }

  /** Stops the server, then fails if the chart's RBAC refused any request of the ServiceAccount's clients. */
  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    client.close();
    server.destroy();
    rbac.assertNoRefusals();
  }
}
