package dev.pgaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test: what a GET and a PATCH cost once the embedded API holds as many
 * objects as a benchmark at 1,000 policies leaves behind (10,000 Events, 1,000 ConfigMaps, 1,000
 * custom resources). Prints figures; asserts nothing. Run it alone:
 * {@code ./mvnw -B -ntp -o verify -pl testkit -Dtest=EmbeddedKubernetesScaleProbe -Dkube.probe=true}.
 */
@EnabledIfSystemProperty(named = "kube.probe", matches = "true")
class EmbeddedKubernetesScaleProbe {
  private static final int EVENTS = 10_000;
  private static final int OBJECTS = 1_000;
  private static final int NAMESPACES = 10;

  @Test
  void getAndPatchAmongTwelveThousandObjects() {
    try (EmbeddedKubernetes kube = EmbeddedKubernetes.start()) {
      KubernetesClient client = kube.client();
      Widgets.register(client);
      time("create " + EVENTS + " Events", EVENTS, i -> client.v1().events().inNamespace(ns(i)).resource(
          new EventBuilder().withNewMetadata().withName("event-" + i).withNamespace(ns(i)).endMetadata()
              .withReason("Probe").withMessage("m" + i).build()).create());
      time("create " + OBJECTS + " ConfigMaps", OBJECTS, i -> client.configMaps().inNamespace(ns(i)).resource(
          new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).withNamespace(ns(i)).endMetadata()
              .addToData("k", "v" + i).build()).create());
      time("create " + OBJECTS + " Widgets", OBJECTS,
          i -> Widgets.of(client).resource(Widgets.widget(ns(i), "w-" + i, Map.of("n", "" + i), i)).create());
      // Warm the paths once, so both runs time steady state.
      time("warm-up GET", 200, i -> client.configMaps().inNamespace(ns(i)).withName("cm-" + i).get());
      time("GET ConfigMap", OBJECTS, i -> client.configMaps().inNamespace(ns(i)).withName("cm-" + i).get());
      time("PATCH Widget (merge)", OBJECTS, i -> Widgets.of(client).inNamespace(ns(i)).withName("w-" + i)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":" + (i + 1) + "}}"));
      time("LIST ConfigMaps in a namespace", 100, i -> client.configMaps().inNamespace(ns(i)).list());
      // As the benchmark applies its policies: 8 creates in flight.
      timeInFlight("create Secrets, 8 in flight", OBJECTS, 8, i -> client.secrets().inNamespace(ns(i)).resource(
          new SecretBuilder().withNewMetadata().withName("s-" + i).withNamespace(ns(i)).endMetadata().build()).create());
    }
  }

  private static String ns(int i) {
    return "probe-" + (i % NAMESPACES);
  }

  private static void time(String what, int times, IntConsumer request) {
    timeInFlight(what, times, 1, request);
  }

  private static void timeInFlight(String what, int times, int inFlight, IntConsumer request) {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < times; i++) {
        int n = i;
        done.add(pool.submit(() -> request.accept(n)));
      }
      for (Future<?> f : done) f.get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("PROBE %-34s %6d in %7.2f s = %8.3f ms each%n", what, times, seconds, seconds * 1000 / times);
  }
}
