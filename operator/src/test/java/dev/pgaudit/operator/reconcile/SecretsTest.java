package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secrets as a real cluster has them: many that no policy references (Helm releases), and some
 * that are broken. The operator holds only the referenced ones, still hears every change to
 * them, and turns every unusable value into a condition instead of an exception.
 */
class SecretsTest {
  static final int UNRELATED = 2_000;
  static final int UNRELATED_BYTES = 100 * 1024;
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  private static PgAuditPolicyReconciler reconciler() {
    var controller = (Controller<?>) env.operator().getRegisteredController(PgAuditPolicyReconciler.NAME).orElseThrow();
    return (PgAuditPolicyReconciler) controller.getReconciler();
  }

  /** The Secrets of {@code ns} the operator holds in memory. */
  private static List<String> heldIn(String ns) {
    return reconciler().secretKeysHeld().stream().filter(k -> k.startsWith(ns + "/")).sorted().toList();
  }

  private static Map<String, String> connection(String port) {
    PgLogin p = env.pg.avnadminParams();
    Map<String, String> data = new HashMap<>(Map.of("host", p.host(), "port", port, "user", p.user(),
        "password", p.password(), "dbname", p.dbname(), "sslmode", "disable"));
    return data;
  }

  @Test
  void aMalformedPortIsAConditionAndFixingTheSecretIsPickedUp() {
    String ns = env.namespace();
    String db = env.database("badport");
    env.putSecret(ns, "pg", connection("54x32"));
    env.create(policy(ns, "p", env.pgService()).databases(db).log(READ).connection("pg").build());

    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_SECRET);
    assertThat(c.getMessage()).isEqualTo("secret " + ns + "/pg key port is not a port number (1-65535)");
    env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.INVALID_SECRET);
    assertThat(env.stored(db, null)).isEmpty();

    env.putSecret(ns, "pg", connection(Integer.toString(env.pg.avnadminParams().port())));
    env.awaitReady(ns, "p");
    assertThat(env.stored(db, null)).containsEntry("pgaudit.log", "read");
  }

  @Test
  void anEmptyTokenIsAConditionAndRotatingItIsPickedUp() {
    String ns = env.namespace();
    env.putSecret(ns, "tok", Map.of("token", "  "));
    env.create(policy(ns, "p", env.pgService()).serviceScope().log(DDL).token("tok", "token").build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_SECRET);
    assertThat(c.getMessage()).isEqualTo("secret " + ns + "/tok key token is empty");

    env.putSecret(ns, "tok", Map.of("token", OperatorTestEnv.TOKEN));
    env.awaitReady(ns, "p");
  }

  @Test
  void bytesThatAreNotUtf8AreAConditionNotAnException() {
    String ns = env.namespace();
    Map<String, byte[]> data = new HashMap<>();
    connection("5432").forEach((k, v) -> data.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    data.put("user", new byte[] {'a', (byte) 0xFE, 'b'});
    env.putSecretBytes(ns, "pg", data);
    env.create(policy(ns, "p", env.pgService()).databases("defaultdb").log(READ).connection("pg").build());
    Condition c = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_SECRET);
    assertThat(c.getMessage()).isEqualTo("secret " + ns + "/pg key user is not UTF-8 text");
  }

  /** The test operator gives up after 3 attempts (the runtime after 10); the finalizer then goes. */
  @Test
  void deletingAPolicyWhoseSecretIsUnusableFollowsTheBoundedCleanup() {
    String ns = env.namespace();
    String db = env.database("unusable");
    env.putSecret(ns, "pg", connection(Integer.toString(env.pg.avnadminParams().port())));
    env.create(policy(ns, "p", env.pgService()).databases(db).log(READ).connection("pg").build());
    env.awaitReady(ns, "p");
    env.putSecret(ns, "pg", Map.of("uri", "postgres://avnadmin@pg.example.com:54x32/defaultdb"));
    // Delete only once the operator has seen the new Secret: on a loaded machine its Secret informer can
    // lag the write, and a cleanup with the old, valid connection would (rightly) just succeed.
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_SECRET);

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.events(ns, "p").stream().filter(e -> e.getReason().equals(Conditions.EventReason.FAILED)))
        .isNotEmpty().allSatisfy(e -> assertThat(e.getMessage()).contains("key uri has no valid host and port"));
    assertThat(env.events(ns, "p").stream().filter(e -> e.getReason().equals(Conditions.EventReason.CLEANUP_ABANDONED)))
        .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("after 3 attempts (InvalidSecret: secret "
            + ns + "/pg key uri has no valid host and port)"));
  }

  /**
   * 2,000 unrelated Secrets of 100 KiB each (200 MiB of data, as Helm release Secrets can be) in
   * the watched namespace change nothing in what the operator holds: only the referenced Secrets.
   */
  @Test
  void unrelatedSecretsAreNotHeldAndAReferencedOneIsStillWatched() throws Exception {
    String ns = env.namespace();
    env.putSecret(ns, "tok", Map.of("token", OperatorTestEnv.TOKEN));
    env.create(policy(ns, "p", env.pgService()).serviceScope().log(DDL).token("tok", "token").build());
    env.awaitReady(ns, "p");
    await().atMost(Duration.ofSeconds(20)).until(() -> !heldIn(ns).isEmpty());
    assertThat(heldIn(ns)).containsExactly(ns + "/tok");
    ReferencedSecretStore.Held withNone = reconciler().secretsHeld();

    createUnrelatedSecrets(ns);
    // The informer has seen them all once the last one's event is through: a later change of "tok" comes after it.
    env.putSecret(ns, "tok", Map.of("token", "revoked-" + OperatorTestEnv.TOKEN));
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.INVALID_TOKEN);
    env.putSecret(ns, "tok", Map.of("token", OperatorTestEnv.TOKEN));
    env.awaitReady(ns, "p");
    ReferencedSecretStore.Held withUnrelated = reconciler().secretsHeld();

    System.out.printf("[secrets] held with no unrelated Secret: %s; with %d unrelated Secrets of %d KiB (%d MiB): %s%n",
        withNone, UNRELATED, UNRELATED_BYTES / 1024, (long) UNRELATED * UNRELATED_BYTES >> 20, withUnrelated);
    assertThat(heldIn(ns)).containsExactly(ns + "/tok");
    // all namespaces: the Secrets this class's policies reference, a few small ones, not one unrelated
    assertThat(withUnrelated.secrets()).isLessThanOrEqualTo(withNone.secrets());
    assertThat(withUnrelated.dataBytes()).isLessThan(UNRELATED_BYTES);
  }

  private static void createUnrelatedSecrets(String ns) throws Exception {
    byte[] payload = new byte[UNRELATED_BYTES];
    new Random(42).nextBytes(payload);
    String data = Base64.getEncoder().encodeToString(payload);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      var futures = IntStream.range(0, UNRELATED).mapToObj(i -> pool.submit(() -> {
        Secret s = new SecretBuilder().withNewMetadata().withNamespace(ns).withName("sh.helm.release.v1.app" + i + ".v1")
            .addToLabels("owner", "helm").endMetadata().withType("helm.sh/release.v1")
            .withData(Map.of("release", data)).build();
        env.client.secrets().inNamespace(ns).resource(s).create();
      })).toList();
      for (Future<?> f : futures) f.get();
    } finally {
      pool.shutdown();
    }
  }
}
