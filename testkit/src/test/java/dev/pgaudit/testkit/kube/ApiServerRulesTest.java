package dev.pgaudit.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgaudit.testkit.kube.ApiServerRules;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API refuses what a real one refuses: objects over etcd's 1.5 MiB, bodies over 3 MiB, bad names. */
class ApiServerRulesTest {
  static EmbeddedKubernetes kube;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    kube = EmbeddedKubernetes.start();
    // The client retries a 500 ten times with back-off (as it would against a real API server): not here.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(kube.url())
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    kube.close();
  }

  private static ConfigMap configMap(String name, int bytes) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("limits").endMetadata()
        .addToData("blob", "x".repeat(bytes)).build();
  }

  @Test
  void anObjectOverEtcdsLimitIsRefusedAsKubeApiserverDoesAndNotStored() {
    var e = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(configMap("too-big", ApiServerRules.ETCD_MAX_REQUEST_BYTES)).create());

    assertThat(e.getCode()).isEqualTo(500);
    assertThat(e.getStatus().getMessage()).isEqualTo("etcdserver: request is too large");
    assertThat(e.getStatus().getReason()).isNull();
    assertThat(client.configMaps().inNamespace("limits").withName("too-big").get()).isNull();
  }

  @Test
  void aPatchThatGrowsAnObjectOverTheLimitIsRefusedAndTheObjectStaysAsItWas() {
    ConfigMap stored = client.resource(configMap("grows", 1_500_000)).create();

    var e = catchThrowableOfType(KubernetesClientException.class, () -> client.configMaps().inNamespace("limits")
        .withName("grows").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"more\":\"" + "y".repeat(100_000) + "\"}}"));

    assertThat(e.getCode()).isEqualTo(500);
    ConfigMap now = client.configMaps().inNamespace("limits").withName("grows").get();
    assertThat(now.getMetadata().getResourceVersion()).isEqualTo(stored.getMetadata().getResourceVersion());
    assertThat(now.getData()).containsOnlyKeys("blob");
    // Just under the limit is fine.
    client.configMaps().inNamespace("limits").withName("grows")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"more\":\"y\"}}");
    assertThat(client.configMaps().inNamespace("limits").withName("grows").get().getData()).containsKey("more");
  }

  @Test
  void aJsonPatchThatDoesNotApplyIsAnswered422AndChangesNothing() {
    // What JOSDK sends when it diffs against a stale copy: remove an entry another write removed.
    ConfigMap cm = configMap("patched", 10);
    cm.getMetadata().setFinalizers(java.util.List.of("example.com/one"));
    ConfigMap stored = client.resource(cm).create();

    var e = catchThrowableOfType(KubernetesClientException.class, () -> client.configMaps().inNamespace("limits")
        .withName("patched").patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/6\"}]"));

    assertThat(e.getCode()).isEqualTo(422);
    assertThat(client.configMaps().inNamespace("limits").withName("patched").get().getMetadata().getResourceVersion())
        .isEqualTo(stored.getMetadata().getResourceVersion());
  }

  @Test
  void aBodyOver3MiBIsRefusedWith413() {
    var e = catchThrowableOfType(KubernetesClientException.class,
        () -> client.resource(configMap("huge", ApiServerRules.MAX_REQUEST_BODY_BYTES + 1)).create());

    assertThat(e.getCode()).isEqualTo(413);
    assertThat(e.getStatus().getReason()).isEqualTo("RequestEntityTooLarge");
  }

  @Test
  void namesMustBeDnsSubdomainsExceptForCoreEvents() {
    var e = catchThrowableOfType(KubernetesClientException.class, () -> client.resource(new SecretBuilder()
        .withNewMetadata().withName("s".repeat(254)).withNamespace("limits").endMetadata().build()).create());
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");

    // kube-apiserver checks a core/v1 Event's name only as a path segment (legacy validation).
    String longName = "e".repeat(300);
    client.v1().events().inNamespace("limits").resource(new EventBuilder().withNewMetadata().withName(longName)
        .withNamespace("limits").endMetadata().withReason("Test").withMessage("m").build()).create();
    assertThat(client.v1().events().inNamespace("limits").withName(longName).get()).isNotNull();
  }
}
