package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Only referenced Secrets are held; the informer still hears of every add, update and delete. */
class ReferencedSecretStoreTest {
  private final Set<String> referenced = new HashSet<>();
  private final List<String> fetched = new ArrayList<>();
  private Function<String, Secret> server = key -> null;
  private final ReferencedSecretStore store = new ReferencedSecretStore(referenced::contains, key -> {
    fetched.add(key);
    return server.apply(key);
  });

  private static Secret secret(String name, String rv, int bytes) {
    return new SecretBuilder().withNewMetadata().withNamespace("ns").withName(name).withResourceVersion(rv).endMetadata()
        .withData(Map.of("v", Base64.getEncoder().encodeToString(new byte[bytes]))).build();
  }

  @Test
  void anUnreferencedSecretIsDroppedOnArrivalAndItsChangesStillReachTheInformer() {
    assertThat(store.put("ns/helm", secret("helm", "1", 1024))).as("null: the informer reports an add").isNull();
    assertThat(store.put("ns/helm", secret("helm", "2", 1024))).isNull();
    assertThat(store.held()).isEqualTo(new ReferencedSecretStore.Held(0, 0));
    assertThat(store.keySet()).isEmpty();
    assertThat(store.get("ns/helm")).as("no read for a Secret nobody references").isNull();
    assertThat(fetched).isEmpty();
    // a deletion still reaches the handlers, so the informer cleans its indexes
    assertThat(store.remove("ns/helm").getMetadata().getName()).isEqualTo("helm");
  }

  @Test
  void aReferencedSecretIsHeldAndUpdatedByEvents() {
    referenced.add("ns/tok");
    Secret v1 = secret("tok", "1", 10);
    Secret v2 = secret("tok", "2", 20);
    assertThat(store.put("ns/tok", v1)).isNull();
    assertThat(store.put("ns/tok", v2)).isSameAs(v1);
    assertThat(store.get("ns/tok")).isSameAs(v2);
    assertThat(store.held()).isEqualTo(new ReferencedSecretStore.Held(1, 20));
    assertThat(store.values()).containsExactly(v2);
    assertThat(fetched).isEmpty();
  }

  @Test
  void aSecretReferencedAfterItsLastChangeIsReadOnceThenHeld() {
    store.put("ns/tok", secret("tok", "1", 10));
    referenced.add("ns/tok");
    Secret fromServer = secret("tok", "1", 10);
    server = key -> fromServer;
    assertThat(store.get("ns/tok")).isSameAs(fromServer);
    assertThat(store.get("ns/tok")).isSameAs(fromServer);
    assertThat(fetched).containsExactly("ns/tok");
    assertThat(store.held().secrets()).isEqualTo(1);
  }

  @Test
  void aWatchEventDuringTheReadWinsOverTheRead() {
    referenced.add("ns/tok");
    Secret newer = secret("tok", "2", 10);
    Secret older = secret("tok", "1", 10);
    server = key -> {
      store.put("ns/tok", newer); // the informer delivers rv 2 while the GET of rv 1 is in flight
      return older;
    };
    assertThat(store.get("ns/tok")).isSameAs(newer);
    assertThat(store.get("ns/tok")).isSameAs(newer);
  }

  @Test
  void aDeletionDuringTheReadIsNotUndoneByTheRead() {
    referenced.add("ns/tok");
    Secret older = secret("tok", "1", 10);
    server = key -> {
      store.remove("ns/tok"); // deleted while the GET was in flight
      return older;
    };
    assertThat(store.get("ns/tok")).isSameAs(older);
    assertThat(store.held().secrets()).as("not held: the next get asks the server again").isZero();
    server = key -> null;
    assertThat(store.get("ns/tok")).isNull();
  }

  @Test
  void secretsNoLongerReferencedAreLetGo() {
    referenced.add("ns/a");
    referenced.add("ns/b");
    store.put("ns/a", secret("a", "1", 10));
    store.put("ns/b", secret("b", "1", 10));
    referenced.remove("ns/a");
    store.dropUnreferenced();
    assertThat(store.keySet()).containsExactly("ns/b");
    referenced.remove("ns/b");
    assertThat(store.put("ns/b", secret("b", "2", 10))).as("the old one: the informer reports an update").isNotNull();
    assertThat(store.held()).isEqualTo(new ReferencedSecretStore.Held(0, 0));
  }

  @Test
  void manyHeldAreLookedAtAFewPerCallInTurnAndAllWithinAFullRound() {
    int count = ReferencedSecretStore.CHECKS_PER_CALL * 4;
    List<String> asked = new ArrayList<>();
    ReferencedSecretStore many = new ReferencedSecretStore(key -> {
      asked.add(key);
      return referenced.contains(key);
    }, key -> null);
    for (int i = 0; i < count; i++) {
      referenced.add("ns/s" + i);
      many.put("ns/s" + i, secret("s" + i, "1", 1));
    }
    referenced.remove("ns/s0");
    referenced.remove("ns/s" + (count - 1));
    asked.clear();

    many.dropUnreferenced();
    assertThat(asked).hasSize(ReferencedSecretStore.CHECKS_PER_CALL);
    for (int call = 1; call < 4; call++) many.dropUnreferenced();

    assertThat(asked).hasSize(count).doesNotHaveDuplicates();
    assertThat(many.keySet()).hasSize(count - 2).doesNotContain("ns/s0", "ns/s" + (count - 1));
  }

  @Test
  void beforeThePolicyCacheWorksNothingIsHeld() {
    ReferencedSecretStore early = new ReferencedSecretStore(key -> {
      throw new IllegalStateException("not started");
    }, key -> null);
    assertThat(early.put("ns/tok", secret("tok", "1", 10))).isNull();
    assertThat(early.held().secrets()).isZero();
  }
}
