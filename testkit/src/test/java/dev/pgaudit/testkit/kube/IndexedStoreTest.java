package dev.pgaudit.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The indexed store answers exactly what Fabric8's own store answers: the same script of requests
 * (lists across and within namespaces, label and field selectors, gets, a watch, status updates,
 * patches, replaces, deletes held by a finalizer, custom resources) run against both servers
 * gives the same transcript, byte for byte after dropping uids and timestamps.
 */
class IndexedStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theIndexedStoreAnswersExactlyAsFabric8sStore() {
    List<String> fabric8 = transcript(new KubernetesCrudDispatcher(List.of()));
    List<String> indexed = transcript(new IndexedCrudDispatcher(List.of()));

    assertThat(indexed).containsExactlyElementsOf(fabric8);
    // ... and the script did see what it was meant to see (in the store's order: insertion, a write moves an object last).
    assertThat(indexed).contains(
        "configmaps everywhere: [a/cm-1, b/cm-1, a/cm-3, b/cm-3, b/cm-2, a/cm-2]",
        "configmaps in a: [a/cm-1, a/cm-3, a/cm-2]",
        "tier=front everywhere: [a/cm-1, b/cm-1, a/cm-3, b/cm-3]",
        "tier!=front in b: [b/cm-2]",
        "metadata.name=cm-1 everywhere: [a/cm-1, b/cm-1]",
        "secrets in a: [a/cm-1]",
        "events in b: [b/ev-2, b/ev-4]",
        "missing get: null",
        "widgets everywhere: [b/cm-2, a/cm-1]",
        "watch configmaps in a: [ADDED a/cm-1, ADDED a/cm-3, ADDED a/cm-2, ADDED a/marker]",
        "held delete then: deletionTimestamp=set finalizers=[test.pgaudit.dev/hold]",
        "after finalizer removed: null",
        "after delete collection b tier=front: [b/cm-2]");
  }

  /** The point of the index: a scoped read sees its bucket only, in store order; an unscoped one sees all. */
  @Test
  void aScopedReadSeesOnlyWhatItsQueryCanMatch() {
    IndexedStore store = new IndexedStore();
    AttributeSet cmA1 = key("configmaps", "a", "one");
    AttributeSet secretA1 = key("secrets", "a", "one");
    AttributeSet cmB2 = key("configmaps", "b", "two");
    AttributeSet cmA3 = key("configmaps", "a", "three");
    List.of(cmA1, secretA1, cmB2, cmA3).forEach(k -> store.put(k, k.toString()));
    store.remove(cmA1);
    store.put(cmA1, "again"); // stored anew: last in order, as in a LinkedHashMap

    assertThat(keysSeen(store, new AttributeSet(new Attribute("plural", "configmaps"), new Attribute("namespace", "a"))))
        .containsExactly(cmA3, cmA1);
    assertThat(keysSeen(store, new AttributeSet(new Attribute("plural", "configmaps")))).containsExactly(cmB2, cmA3, cmA1);
    assertThat(keysSeen(store, new AttributeSet(new Attribute("name", "one")))).containsExactly(secretA1, cmA1);
    // A query without type or name (or whose type is not a plain equality) cannot be narrowed.
    assertThat(keysSeen(store, new AttributeSet(new Attribute("namespace", "a")))).containsExactly(secretA1, cmB2, cmA3, cmA1);
    assertThat(keysSeen(store, new AttributeSet(new Attribute("plural", "configmaps", AttributeType.WITHOUT))))
        .containsExactly(secretA1, cmB2, cmA3, cmA1);
    assertThat(store.entrySet().stream().map(Map.Entry::getKey).toList()).containsExactly(secretA1, cmB2, cmA3, cmA1);
    assertThat(store.get(cmA1)).isEqualTo("again");
  }

  private static List<AttributeSet> keysSeen(IndexedStore store, AttributeSet query) {
    return store.scoped(() -> query, () -> store.entrySet().stream().map(Map.Entry::getKey).toList());
  }

  private static AttributeSet key(String plural, String namespace, String name) {
    return new AttributeSet(new Attribute("plural", plural), new Attribute("namespace", namespace), new Attribute("name", name));
  }

  private static List<String> transcript(Dispatcher dispatcher) {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient client = server.createClient()) {
      return script(client);
    } finally {
      server.destroy();
    }
  }

  private static List<String> script(KubernetesClient client) {
    List<String> out = new ArrayList<>();
    Widgets.register(client);
    for (int i = 1; i <= 3; i++) {
      for (String ns : List.of("a", "b")) {
        client.resource(configMap(ns, "cm-" + i, i == 2 ? "back" : "front")).create();
      }
    }
    // Same name, other kinds: a name bucket holds several types.
    client.resource(new SecretBuilder().withNewMetadata().withNamespace("a").withName("cm-1").endMetadata().build()).create();
    for (int i = 1; i <= 4; i++) {
      String ns = i % 2 == 0 ? "b" : "a";
      client.resource(new EventBuilder().withNewMetadata().withNamespace(ns).withName("ev-" + i).endMetadata()
          .withReason("R" + i).build()).create();
    }
    Widgets.of(client).resource(Widgets.widget("b", "cm-2", Map.of("tier", "back"), 2)).create();
    Widgets.of(client).resource(Widgets.widget("a", "cm-1", Map.of("tier", "front"), 1)).create();
    // A patch and a replace store anew: the object moves to the end of the store's order.
    client.configMaps().inNamespace("b").withName("cm-2").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"patched\"}}");
    ConfigMap replaced = client.configMaps().inNamespace("a").withName("cm-2").get();
    replaced.getData().put("k", "replaced");
    client.resource(replaced).update();

    list(out, "configmaps everywhere", client.configMaps().inAnyNamespace().list());
    list(out, "configmaps in a", client.configMaps().inNamespace("a").list());
    list(out, "tier=front everywhere", client.configMaps().inAnyNamespace().withLabel("tier", "front").list());
    list(out, "tier!=front in b", client.configMaps().inNamespace("b").withoutLabel("tier", "front").list());
    list(out, "metadata.name=cm-1 everywhere", client.configMaps().inAnyNamespace().withField("metadata.name", "cm-1").list());
    list(out, "secrets in a", client.secrets().inNamespace("a").list());
    list(out, "events in b", client.v1().events().inNamespace("b").list());
    list(out, "widgets everywhere", Widgets.of(client).inAnyNamespace().list());
    out.add("get: " + normalized(client.configMaps().inNamespace("b").withName("cm-3").get()));
    out.add("missing get: " + normalized(client.configMaps().inNamespace("c").withName("cm-3").get()));
    out.add("widget get: " + normalized(Widgets.of(client).inNamespace("a").withName("cm-1").get()));

    GenericKubernetesResource widget = Widgets.of(client).inNamespace("b").withName("cm-2").get();
    widget.setAdditionalProperty("status", Map.of("phase", "Ready"));
    out.add("status update: " + normalized(Widgets.of(client).resource(widget).updateStatus()));
    out.add("widget patch: " + normalized(Widgets.of(client).inNamespace("b").withName("cm-2")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":20}}")));
    out.add("widget json patch: " + normalized(Widgets.of(client).inNamespace("a").withName("cm-1")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/spec/size\",\"value\":10}]")));

    watch(out, client);

    ConfigMap held = configMap("a", "held", "front");
    held.getMetadata().setFinalizers(List.of("test.pgaudit.dev/hold"));
    client.resource(held).create();
    client.configMaps().inNamespace("a").withName("held").delete();
    ConfigMap deleting = client.configMaps().inNamespace("a").withName("held").get();
    out.add("held delete then: deletionTimestamp=" + (deleting.getMetadata().getDeletionTimestamp() == null ? "none" : "set")
        + " finalizers=" + deleting.getMetadata().getFinalizers());
    out.add("held delete json: " + normalized(deleting));
    client.configMaps().inNamespace("a").withName("held").edit(c -> {
      c.getMetadata().setFinalizers(List.of());
      return c;
    });
    out.add("after finalizer removed: " + normalized(client.configMaps().inNamespace("a").withName("held").get()));
    client.configMaps().inNamespace("b").withLabel("tier", "front").delete();
    list(out, "after delete collection b tier=front", client.configMaps().inNamespace("b").list());
    Widgets.of(client).inNamespace("a").withName("cm-1").delete();
    list(out, "widgets after delete", Widgets.of(client).inAnyNamespace().list());
    return out;
  }

  /** A watch from the list's resourceVersion: the mock server sends what the store holds, then what changes. */
  private static void watch(List<String> out, KubernetesClient client) {
    List<String> events = new CopyOnWriteArrayList<>();
    String from = client.configMaps().inNamespace("a").list().getMetadata().getResourceVersion();
    try (Watch watch = client.configMaps().inNamespace("a").withResourceVersion(from).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        events.add(action + " " + key(resource));
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> events.size() == 3);
      client.resource(configMap("a", "marker", "back")).create();
      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> events.size() == 4);
    }
    out.add("watch configmaps in a: " + events);
    client.configMaps().inNamespace("a").withName("marker").delete();
  }

  private static ConfigMap configMap(String namespace, String name, String tier) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .addToLabels("tier", tier).endMetadata().addToData("k", name).build();
  }

  private static void list(List<String> out, String label, KubernetesResourceList<? extends HasMetadata> list) {
    out.add(label + ": " + list.getItems().stream().map(IndexedStoreTest::key).collect(Collectors.toList()));
    out.add(label + " json: " + list.getItems().stream().map(IndexedStoreTest::normalized).collect(Collectors.toList())
        + " @" + list.getMetadata().getResourceVersion());
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  /** The object's JSON without what differs between two servers by nature: uid and timestamps. */
  private static String normalized(Object object) {
    if (object == null) return "null";
    JsonNode tree = readTree(Serialization.asJson(object));
    if (tree.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove(List.of("uid", "creationTimestamp"));
      if (metadata.has("deletionTimestamp")) metadata.put("deletionTimestamp", "set");
    }
    return tree.toString();
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
