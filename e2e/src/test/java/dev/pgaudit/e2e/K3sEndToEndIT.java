package dev.pgaudit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.OperatorFactory;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.runtime.OperatorConfig;
import dev.pgaudit.testkit.rbac.ChartRbac;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server: k3s in Docker with the CRD from crds/, the operator
 * in-process on the host with server-side apply on (as in production), the Aiven simulator and a
 * PostgreSQL + pgaudit cluster on the host. The policies and token Secret from examples/ are
 * applied as a user would, and their effects checked where they land. It is also the one place
 * where the CRD's CEL rules and the chart's RBAC meet a real API server: the operator runs as the
 * chart's ServiceAccount (its rendered Roles, ClusterRole and bindings applied; the client
 * impersonates the ServiceAccount) with leader election on, as the chart installs it. Run with {@code ./mvnw verify -Pe2e -pl e2e -am}.
 */
@Tag("e2e")
@EnabledWithDocker
@Testcontainers
class K3sEndToEndIT {
  /** Pinned: a moving tag would change the API server under the test without a commit. */
  static final String K3S_IMAGE = "rancher/k3s:v1.31.5-k3s1";
  static final String NAMESPACE = "demo";
  static final String POD_NAME = "e2e-operator";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ResourceDefinitionContext POLICIES = new ResourceDefinitionContext.Builder()
      .withGroup("pgaudit.dev").withVersion("v1alpha1").withKind("PgAuditPolicy").withPlural("pgauditpolicies")
      .withNamespaced(true).build();

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(K3S_IMAGE));

  static DemoBackends backends;
  static KubernetesClient client;
  static KubernetesClient operatorClient;
  static ChartRbac chart;
  static Operator operator;

  @BeforeAll
  static void startEverything() {
    Config config = Config.fromKubeconfig(K3S.getKubeConfigYaml());
    client = new KubernetesClientBuilder().withConfig(config).build();
    installCrd(repoFile("crds/pgauditpolicies.pgaudit.dev-v1.yml"));
    for (String ns : List.of(NAMESPACE, ChartRbac.NAMESPACE)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    chart = ChartRbac.clusterWide();
    installChartRbac(chart);
    // The admin kubeconfig impersonates the chart's ServiceAccount: k3s authorizes every request of
    // the operator with the chart's RBAC, as in a pod running under that ServiceAccount.
    operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config)
        .withImpersonateUsername(chart.serviceAccount().user())
        .withImpersonateGroups(chart.serviceAccount().groups().toArray(String[]::new)).build()).build();
    backends = DemoBackends.start();
    LeaderElectionConfiguration leaderElection = LeaderElectionConfigurationBuilder
        .aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
        .withLeaseNamespace(chart.releaseNamespace()).withIdentity(POD_NAME).withExitOnStopLeading(false).build();
    OperatorFactory.Options options =
        new OperatorFactory.Options(Set.of(), Duration.ofMinutes(5), 4, true, leaderElection, null);
    operator = OperatorFactory.create(operatorClient, backends.reconcilerSettings(),
        new PgSessionOpener(PgSessionOpener.StatementListener.NONE), options);
    operator.start();
  }

  @AfterAll
  static void stopEverything() {
    if (operator != null) operator.stop();
    if (operatorClient != null) operatorClient.close();
    if (client != null) client.close();
    if (backends != null) backends.close();
  }

  @Test
  void theExamplesBecomeReadyTakeEffectAndAreUndoneOnDelete() {
    applyTokenSecretWith(backends.token);
    // sent as written, like kubectl apply: no round trip through the Java model that could add or drop fields
    List<GenericKubernetesResource> policies = examplePolicies();
    assertThat(policies).hasSizeGreaterThanOrEqualTo(6);
    policies.forEach(p -> client.genericKubernetesResources(POLICIES).inNamespace(NAMESPACE).resource(p).create());
    policies.forEach(p -> awaitReadyAtCurrentGeneration(p.getMetadata().getName(),
        "DryRun".equals(p.get("spec", "mode")) ? Conditions.Reason.DRY_RUN : Conditions.Reason.RECONCILED));

    // Service scope: Aiven's user_config through the API
    assertThat(backends.pgauditUserConfig())
        .containsEntry("feature_enabled", true).containsEntry("log", List.of("ddl", "role"))
        .containsEntry("log_catalog", false).containsEntry("log_level", "log").containsEntry("log_relation", false)
        .containsEntry("role", "auditor").containsEntry("log_max_string_length", 4096)
        .containsEntry("log_nested_statements", true);
    // the SQL scopes: what PostgreSQL really stored
    assertThat(backends.stored("orders", null)).isEqualTo(Map.of("pgaudit.log", "write, ddl",
        "pgaudit.log_parameter", "on", "pgaudit.log_relation", "on", "pgaudit.log_statement_once", "off"));
    assertThat(backends.stored("billing", null)).isEqualTo(Map.of("pgaudit.log", "ddl"));
    assertThat(backends.stored(null, "app_rw")).isEqualTo(Map.of("pgaudit.log", "read, write",
        "pgaudit.log_rows", "on", "pgaudit.log_statement", "on"));
    assertThat(backends.stored(null, "reporting")).isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_level", "log"));
    assertThat(backends.stored("billing", "reporting")).isEqualTo(Map.of("pgaudit.log", "read, misc",
        "pgaudit.log_statement_once", "on", "pgaudit.log_client", "off"));
    assertThat(backends.stored("orders", "reporting")).as("the DryRun policy writes nothing").isEmpty();
    // the sink: one logs integration pg-demo -> os-demo
    assertThat(backends.logsIntegrations()).singleElement().satisfies(i -> {
      assertThat(i.sourceService()).isEqualTo(DemoBackends.PG_SERVICE);
      assertThat(i.destService()).isEqualTo(DemoBackends.OPENSEARCH_SERVICE);
      assertThat(i.userConfig()).containsEntry("elasticsearch_index_prefix", "pgaudit")
          .containsEntry("elasticsearch_index_days_max", 7)
          .containsEntry("selected_log_fields", List.of("HOSTNAME", "service_name"));
    });

    client.resources(PgAuditPolicy.class).inNamespace(NAMESPACE).delete();
    await().atMost(PATIENCE).until(() -> client.resources(PgAuditPolicy.class).inNamespace(NAMESPACE).list()
        .getItems().isEmpty());

    assertThat(backends.pgauditUserConfig()).containsEntry("feature_enabled", false).containsEntry("log", List.of());
    assertThat(backends.stored("orders", null)).isEmpty();
    assertThat(backends.stored("billing", null)).isEmpty();
    assertThat(backends.stored(null, "app_rw")).isEmpty();
    assertThat(backends.stored("billing", "reporting")).isEmpty();
    assertThat(backends.stored(null, "reporting")).as("deletionPolicy: Orphan keeps the settings")
        .isEqualTo(Map.of("pgaudit.log", "read", "pgaudit.log_level", "log"));
    assertThat(backends.logsIntegrations()).isEmpty();
  }

  /** Fabric8 renews the Lease with a merge patch: the chart's Role must allow it, or leadership lapses. */
  @Test
  void theOperatorHoldsAndRenewsTheLeaseWithTheChartsRbac() {
    await().atMost(PATIENCE).until(() -> lease() != null && POD_NAME.equals(lease().getSpec().getHolderIdentity()));
    ZonedDateTime renewed = lease().getSpec().getRenewTime();

    await().atMost(PATIENCE).until(() -> lease().getSpec().getRenewTime().isAfter(renewed));
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(POD_NAME);
    // and the impersonated ServiceAccount has no more than the chart grants: no ConfigMaps, say
    assertThatThrownBy(() -> operatorClient.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("not-granted").endMetadata().build()).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static Lease lease() {
    return client.resources(Lease.class).inNamespace(chart.releaseNamespace()).withName(OperatorConfig.LEASE_NAME).get();
  }

  /** The chart's ServiceAccount, Roles, ClusterRole and bindings, as helm install creates them. */
  private static void installChartRbac(ChartRbac rendered) {
    String[] user = rendered.serviceAccount().user().split(":"); // system:serviceaccount:<namespace>:<name>
    client.resource(new ServiceAccountBuilder().withNewMetadata().withNamespace(user[2]).withName(user[3]).endMetadata()
        .build()).create();
    rendered.rbac().objects().forEach(o -> client.resource(o).create());
  }

  /** Manifests the CRD's schema and CEL rules must refuse; the "# expect:" header says with what. */
  @ParameterizedTest
  @ValueSource(strings = {"cel-role-scope-with-databases.yaml", "cel-role-name-64-bytes.yaml",
      "cel-service-scope-log-exclusion.yaml", "enum-log-class.yaml"})
  void theApiServerRejectsInvalidPolicies(String file) throws IOException {
    Path manifest = repoFile("operator/src/test/resources/invalid/" + file);
    String expect = Files.readAllLines(manifest).stream().filter(l -> l.startsWith("# expect: ")).findFirst()
        .orElseThrow().substring("# expect: ".length());
    int check = expect.indexOf(": ["); // "<field>: [<check>] <message>", the message may be absent
    String field = expect.substring(0, check);
    String message = expect.substring(expect.indexOf(']', check) + 1).trim();
    GenericKubernetesResource policy = unmarshal(manifest, GenericKubernetesResource.class);

    assertThatThrownBy(() -> client.genericKubernetesResources(POLICIES).inNamespace(NAMESPACE).resource(policy).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains(field + ": ").contains(message);
        });
    assertThat(client.genericKubernetesResources(POLICIES).inNamespace(NAMESPACE)
        .withName(policy.getMetadata().getName()).get()).isNull();
  }

  private static void installCrd(Path yaml) {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(yaml)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + yaml, e);
    }
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    // a real API server accepts the CRD first and serves it once the names are established
    await().atMost(PATIENCE).until(() -> client.apiextensions().v1().customResourceDefinitions()
        .withName(crd.getMetadata().getName()).get().getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  /** examples/secret-aiven-token.yaml as a user would fill it in: the placeholder replaced by a real token. */
  private static void applyTokenSecretWith(String token) {
    Secret secret = unmarshal(repoFile("examples/secret-aiven-token.yaml"), Secret.class);
    assertThat(secret.getStringData()).containsKey("token");
    secret.getStringData().put("token", token);
    client.resource(secret).inNamespace(NAMESPACE).create();
  }

  private static List<GenericKubernetesResource> examplePolicies() {
    try (Stream<Path> files = Files.list(repoFile("examples"))) {
      return files.filter(f -> f.getFileName().toString().matches("policy-.*\\.ya?ml")).sorted()
          .map(f -> unmarshal(f, GenericKubernetesResource.class)).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list examples/", e);
    }
  }

  private static void awaitReadyAtCurrentGeneration(String name, String reason) {
    await().alias(name + " Ready=True/" + reason).atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
      PgAuditPolicy p = client.resources(PgAuditPolicy.class).inNamespace(NAMESPACE).withName(name).get();
      return p != null && p.getStatus() != null && p.getStatus().getConditions().stream().anyMatch(c ->
          Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()) && reason.equals(c.getReason())
              && p.getMetadata().getGeneration().equals(c.getObservedGeneration()));
    });
  }

  private static <T> T unmarshal(Path file, Class<T> type) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.getKubernetesSerialization().unmarshal(in, type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  static Path repoFile(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(relative))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException(relative + " not found above the working directory");
    return dir.resolve(relative);
  }
}
