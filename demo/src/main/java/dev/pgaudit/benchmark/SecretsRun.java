package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.reconcile.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Secrets part (bin/benchmark --secrets N): does the operator's heap grow with Secrets no
 * policy references? A few Service-scope policies, each with its Aiven token in a Secret of its
 * namespace; the operator's live heap (after a full GC) is measured with no other Secret, then
 * after N unrelated Secrets of {@value #SECRET_KIB} KiB (as Helm release Secrets can be) were
 * created in the same namespaces and the operator's informer has seen them all.
 */
final class SecretsRun {
  static final int SECRET_KIB = 100;
  static final int POLICIES = 3;
  static final String TOKEN_SECRET = "aiven-token";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /**
   * Bytes; -1 when not measurable. {@code pickUp}: from writing a revoked token into every
   * referenced Secret until every policy reported it (InvalidToken), after the unrelated Secrets.
   */
  record Measured(int policies, int unrelated, Duration created, long heapBefore, long heapAfter, long rssBefore,
      long rssAfter, Duration pickUp, Duration restored) {
    long unrelatedBytes() {
      return (long) unrelated * SECRET_KIB * 1024;
    }
  }

  private final BenchmarkOptions options;
  private final Progress progress;
  private final Fleet fleet = new Fleet(new Workload(POLICIES, POLICIES)); // one Service-scope policy per namespace
  private final Path workDir;

  SecretsRun(BenchmarkOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
    this.workDir = options.workDir().resolve("secrets");
  }

  Measured run() {
    progress.say("secrets: %d policies with a token Secret each, then %,d unrelated Secrets of %d KiB",
        POLICIES, options.unrelatedSecrets(), SECRET_KIB);
    try (BenchEnvironment env = BenchEnvironment.start(fleet, options, workDir);
         ReadyWatch watch = new ReadyWatch(env.client);
         OperatorProcess operator = OperatorProcess.start(options.launch(), env.operatorEnv(null, options),
             workDir.resolve("operator.log"), Duration.ofMinutes(2))) {
      Meter meter = new Meter(env, operator);
      for (String ns : fleet.namespaces()) putToken(env, ns, BenchEnvironment.AIVEN_TOKEN);
      Map<String, Long> generations = new HashMap<>();
      for (Fleet.Member member : fleet.members()) {
        PgAuditPolicy policy = member.manifest();
        policy.getSpec().setAuthSecretRef(new SecretKeyRef(TOKEN_SECRET, "token"));
        generations.put(member.key(), env.client.resource(policy).create().getMetadata().getGeneration());
      }
      watch.awaitReady(generations, TIMEOUT);
      meter.awaitQuiet(Duration.ofSeconds(1), TIMEOUT);
      long heapBefore = liveHeap(operator);
      long rssBefore = operator.rssAndPeakBytes()[0];
      progress.say("  all Ready; live heap %s; creating the unrelated Secrets", Format.mib(heapBefore));

      long begin = System.nanoTime();
      createUnrelated(env, options.unrelatedSecrets());
      Duration created = Duration.ofNanos(System.nanoTime() - begin);
      // The operator has seen every unrelated Secret once a later change of a referenced one reached it:
      // each namespace's events arrive in order on one watch.
      begin = System.nanoTime();
      for (String ns : fleet.namespaces()) putToken(env, ns, "revoked-" + BenchEnvironment.AIVEN_TOKEN);
      awaitReason(env, Conditions.Reason.INVALID_TOKEN);
      Duration pickUp = Duration.ofNanos(System.nanoTime() - begin);
      begin = System.nanoTime();
      for (String ns : fleet.namespaces()) putToken(env, ns, BenchEnvironment.AIVEN_TOKEN);
      awaitReason(env, Conditions.Reason.RECONCILED);
      Duration restored = Duration.ofNanos(System.nanoTime() - begin);
      meter.awaitQuiet(Duration.ofSeconds(1), TIMEOUT);
      long heapAfter = liveHeap(operator);
      long rssAfter = operator.rssAndPeakBytes()[0];
      progress.say("  created in %s; revoked token seen by every policy in %s; live heap %s",
          Format.seconds(created), Format.millis(pickUp), Format.mib(heapAfter));
      return new Measured(POLICIES, options.unrelatedSecrets(), created, heapBefore, heapAfter, rssBefore, rssAfter,
          pickUp, restored);
    }
  }

  /** Heap in use right after a full GC: the least of three tries, so that allocation between GC and scrape does not count. */
  private static long liveHeap(OperatorProcess operator) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      if (!operator.fullGc()) return -1;
      least = Math.min(least, operator.heapUsedBytes());
    }
    return least;
  }

  private static void putToken(BenchEnvironment env, String ns, String token) {
    Secret s = new SecretBuilder().withNewMetadata().withNamespace(ns).withName(TOKEN_SECRET).endMetadata()
        .withData(Map.of("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))).build();
    env.client.secrets().inNamespace(ns).resource(s).createOr(existing -> existing.update());
  }

  /** Round-robin over the policies' namespaces, named and labelled like Helm release Secrets. */
  private void createUnrelated(BenchEnvironment env, int count) {
    byte[] payload = new byte[SECRET_KIB * 1024];
    new Random(42).nextBytes(payload);
    String data = Base64.getEncoder().encodeToString(payload);
    List<String> namespaces = fleet.namespaces();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String ns = namespaces.get(i % namespaces.size());
        String name = "sh.helm.release.v1.app" + i + ".v1";
        futures.add(pool.submit(() -> env.client.secrets().inNamespace(ns).resource(new SecretBuilder()
            .withNewMetadata().withNamespace(ns).withName(name).addToLabels("owner", "helm").endMetadata()
            .withType("helm.sh/release.v1").withData(Map.of("release", data)).build()).create()));
      }
      for (Future<?> f : futures) f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the unrelated Secrets: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until every policy's Ready condition has this reason. */
  private void awaitReason(BenchEnvironment env, String reason) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (Fleet.Member m : fleet.members()) {
        PgAuditPolicy p = env.client.resources(PgAuditPolicy.class).inNamespace(m.namespace()).withName(m.name()).get();
        Condition ready = p == null || p.getStatus() == null ? null : p.getStatus().getConditions().stream()
            .filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElse(null);
        if (ready == null || !reason.equals(ready.getReason())) waiting.add(m.key());
      }
      if (waiting.isEmpty()) return;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting + " did not report " + reason + " within " + TIMEOUT);
      }
      OperatorProcess.pause(50);
    }
  }
}
