package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The operator Deployment with default values: what a plain helm install runs. */
class ChartDeploymentTest {
  private final Rendered chart = Chart.template();

  @Test
  void runsOneReplicaOfTheAppVersionImageAsTheChartServiceAccount() {
    assertThat(chart.deployment().path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(chart.container().path("image").asText()).isEqualTo("pgaudit-operator:0.1.0");
    assertThat(chart.podSpec().path("serviceAccountName").asText())
        .isEqualTo(chart.one("ServiceAccount").path("metadata").path("name").asText());
    assertThat(chart.deployment().path("metadata").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void podAndContainerAreRestricted() {
    JsonNode pod = chart.podSpec().path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("runAsUser").asLong()).isEqualTo(RuntimeContract.USER_ID);
    assertThat(pod.path("fsGroup").isIntegralNumber()).isTrue();
    assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");

    JsonNode container = chart.container().path("securityContext");
    assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(Rendered.texts(container.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(container.path("capabilities").has("add")).isFalse();
    assertThat(container.has("privileged")).isFalse();
  }

  @Test
  void probesHitTheOperatorsHealthEndpointsOnItsHttpPort() {
    JsonNode ports = chart.container().path("ports");
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).path("name").asText()).isEqualTo(RuntimeContract.PORT_NAME);
    assertThat(ports.get(0).path("containerPort").asInt()).isEqualTo(RuntimeContract.HTTP_PORT);
    assertThat(chart.envValue("PGAUDIT_HTTP_PORT")).isEqualTo(String.valueOf(RuntimeContract.HTTP_PORT));

    assertProbe("livenessProbe", RuntimeContract.LIVENESS_PATH);
    assertProbe("readinessProbe", RuntimeContract.READINESS_PATH);
    assertProbe("startupProbe", RuntimeContract.LIVENESS_PATH);
  }

  @Test
  void setsOnlyEnvTheOperatorReadsWithTheValuesFromValuesYaml() {
    Set<String> pgaudit = chart.env().keySet().stream().filter(n -> n.startsWith("PGAUDIT_")).collect(Collectors.toSet());

    assertThat(pgaudit).isSubsetOf(RuntimeContract.PGAUDIT_ENV)
        .containsAll(RuntimeContract.PGAUDIT_ENV_ALWAYS_SET).contains("PGAUDIT_AIVEN_TOKEN_FILE");
    assertThat(chart.env().keySet()).filteredOn(n -> !n.startsWith("PGAUDIT_")).containsExactlyInAnyOrder("POD_NAME", "POD_NAMESPACE");
    assertThat(chart.envValue("PGAUDIT_AIVEN_API_URL")).isEqualTo("https://api.aiven.io/v1");
    assertThat(chart.envValue("PGAUDIT_WATCH_NAMESPACES")).isEmpty();
    assertThat(chart.envValue("PGAUDIT_RESYNC_PERIOD")).isEqualTo("5m");
    assertThat(chart.envValue("PGAUDIT_RECONCILE_CONCURRENCY")).isEqualTo("4");
    assertThat(chart.envValue("PGAUDIT_LOG_LEVEL")).isEqualTo("INFO");
    assertThat(chart.envValue("PGAUDIT_LEADER_ELECTION")).isEqualTo("true");
    assertThat(chart.env()).doesNotContainKey("PGAUDIT_AIVEN_TOKEN");
  }

  @Test
  void podNameAndNamespaceComeFromTheDownwardApi() {
    Map<String, JsonNode> env = chart.env();

    assertThat(env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void defaultTokenSecretIsMountedReadOnlyWhereTokenFilePoints() {
    JsonNode volume = chart.volume("aiven-token");
    JsonNode mount = chart.mount("aiven-token");

    assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("aiven-token");
    assertThat(volume.path("secret").path("items")).hasSize(1);
    assertThat(volume.path("secret").path("items").get(0).path("key").asText()).isEqualTo("token");
    String fileName = volume.path("secret").path("items").get(0).path("path").asText();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(mount.has("subPath")).as("subPath mounts never see a rotated Secret").isFalse();
    assertThat(mount.path("mountPath").asText() + "/" + fileName)
        .isEqualTo(chart.envValue("PGAUDIT_AIVEN_TOKEN_FILE"))
        .isEqualTo(RuntimeContract.TOKEN_FILE);
  }

  @Test
  void onlyTmpIsWritableAndItIsAnEmptyDir() {
    assertThat(chart.volume("tmp").has("emptyDir")).isTrue();
    assertThat(chart.mount("tmp").path("mountPath").asText()).isEqualTo("/tmp");
    assertThat(StreamSupport.stream(chart.container().path("volumeMounts").spliterator(), false)
        .filter(m -> !m.path("readOnly").asBoolean()).map(m -> m.path("mountPath").asText()))
        .containsExactly("/tmp");
  }

  @Test
  void hasResourceRequestsAndAMemoryLimit() {
    JsonNode resources = chart.container().path("resources");

    assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
    assertThat(resources.path("requests").path("memory").asText()).isNotEmpty();
    assertThat(resources.path("limits").path("memory").asText()).isNotEmpty();
  }

  @Test
  void aRolloutNeverRunsTwoActiveOperators() {
    // With leader election the new pod is a standby until the old one releases the Lease: roll.
    JsonNode rolling = chart.deployment().path("spec").path("strategy");
    assertThat(rolling.path("type").asText()).isEqualTo("RollingUpdate");
    assertThat(rolling.path("rollingUpdate").path("maxUnavailable").asInt(-1)).isZero();
    assertThat(rolling.path("rollingUpdate").path("maxSurge").asInt()).isEqualTo(1);

    // Without it nothing would keep the new pod from reconciling beside the old one: replace.
    JsonNode recreate = Chart.render(Chart.base().set("leaderElection.enabled", false)).deployment().path("spec").path("strategy");
    assertThat(recreate.path("type").asText()).isEqualTo("Recreate");
    assertThat(recreate.has("rollingUpdate")).isFalse();
  }

  @Test
  void withoutADefaultTokenSecretNothingIsMounted() {
    Rendered noToken = Chart.render(Chart.base().set("aivenToken.existingSecret", ""));

    assertThat(noToken.env()).doesNotContainKey("PGAUDIT_AIVEN_TOKEN_FILE");
    assertThat(noToken.podSpec().path("volumes").findValuesAsText("name")).containsExactly("tmp");
  }

  private void assertProbe(String probe, String path) {
    JsonNode get = chart.container().path(probe).path("httpGet");
    assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
    assertThat(get.path("port").asText()).as(probe).isEqualTo(RuntimeContract.PORT_NAME);
  }
}
