package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * helm template with src/test/resources/helm/custom-values.yaml (watched namespaces a and b,
 * ServiceMonitor on, 2 replicas, a custom image and token Secret), and values the chart refuses.
 */
class ChartCustomValuesTest {
  private final Rendered chart = Chart.template("custom-values.yaml");

  @Test
  void runsTwoReplicasOfTheCustomImageWithLeaderElection() {
    assertThat(chart.deployment().path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(chart.container().path("image").asText()).isEqualTo("registry.example.com/platform/pgaudit-operator:0.1.0-rc1");
    assertThat(chart.container().path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(chart.envValue("PGAUDIT_LEADER_ELECTION")).isEqualTo("true");
  }

  @Test
  void valuesReachTheOperatorEnv() {
    assertThat(chart.envValue("PGAUDIT_WATCH_NAMESPACES")).isEqualTo("a,b");
    assertThat(chart.envValue("PGAUDIT_AIVEN_API_URL")).isEqualTo("http://aiven-simulator.test:8080/v1");
    assertThat(chart.envValue("PGAUDIT_RESYNC_PERIOD")).isEqualTo("PT2M");
    assertThat(chart.envValue("PGAUDIT_LOG_LEVEL")).isEqualTo("DEBUG");
    assertThat(chart.envValue("PGAUDIT_RECONCILE_CONCURRENCY")).isEqualTo("8");
    assertThat(chart.envValue("PGAUDIT_AIVEN_READ_TIMEOUT")).as("extraEnv").isEqualTo("60s");
    assertThat(chart.env().keySet()).filteredOn(n -> n.startsWith("PGAUDIT_")).isSubsetOf(RuntimeContract.PGAUDIT_ENV);
  }

  @Test
  void customTokenSecretKeyIsStillMountedAsTheContractsFile() {
    JsonNode secret = chart.volume("aiven-token").path("secret");

    assertThat(secret.path("secretName").asText()).isEqualTo("platform-aiven");
    assertThat(secret.path("items").get(0).path("key").asText()).isEqualTo("api-token");
    assertThat(secret.path("items").get(0).path("path").asText()).isEqualTo("token");
    assertThat(chart.envValue("PGAUDIT_AIVEN_TOKEN_FILE")).isEqualTo(RuntimeContract.TOKEN_FILE);
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceOnlyWhenEnabled() {
    JsonNode monitor = chart.one("ServiceMonitor");
    JsonNode service = chart.one("Service");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);

    assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(endpoint.path("port").asText()).isEqualTo(service.path("spec").path("ports").get(0).path("name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo(RuntimeContract.METRICS_PATH);
    monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
        assertThat(service.path("metadata").path("labels").path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
    assertThat(Rendered.texts(monitor.path("spec").path("namespaceSelector").path("matchNames"))).containsExactly(Chart.NAMESPACE);

    assertThat(Chart.template().ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void metricsServiceSelectsTheOperatorPodsOnThePortNamedHttp() {
    JsonNode service = Chart.template().one("Service");
    JsonNode podLabels = Chart.template().deployment().path("spec").path("template").path("metadata").path("labels");

    assertThat(service.path("spec").path("selector").size()).isPositive();
    service.path("spec").path("selector").fields().forEachRemaining(label ->
        assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
    assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText()).isEqualTo(RuntimeContract.PORT_NAME);
    assertThat(Chart.render(Chart.base().set("metrics.service.enabled", false)).ofKind("Service")).isEmpty();
  }

  @Test
  void refusesSeveralReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> Chart.render(Chart.base().set("replicaCount", 2).set("leaderElection.enabled", false)))
        .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled");
  }

  @Test
  void schemaRejectsMistypedValues() {
    assertThatThrownBy(() -> Chart.render(Chart.base().set("logLevel", "LOUD"))).hasMessageContaining("logLevel");
    assertThatThrownBy(() -> Chart.render(Chart.base().set("watchNamespaces[0]", "Not_A_Namespace")))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> Chart.render(Chart.base().set("resyncPeriod", "5 minutes"))).hasMessageContaining("resyncPeriod");
    assertThatThrownBy(() -> Chart.render(Chart.base().set("watchNamespace", "a")))
        .as("a misspelled key").hasMessageContaining("watchNamespace");
  }
}
