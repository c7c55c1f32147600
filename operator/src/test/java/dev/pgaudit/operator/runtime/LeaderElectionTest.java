package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler;
import dev.pgaudit.testkit.rbac.ApiRequest;
import dev.pgaudit.testkit.rbac.ChartRbac;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two replicas against one API server: one Lease holder reconciles, the standby is ready and takes
 * over. The API server enforces the chart's RBAC, in both of its shapes (MockKubernetes fails the
 * test on any refused request), so renewals and takeovers run with exactly the Lease rights the
 * chart grants.
 */
class LeaderElectionTest {
  private MockKubernetes kube;
  private OperatorRuntime a;
  private OperatorRuntime b;
  private final AtomicInteger aLostLeadership = new AtomicInteger();
  private final AtomicInteger bLostLeadership = new AtomicInteger();

  static Stream<Named<Supplier<ChartRbac>>> charts() {
    return Stream.of(
        Named.of("cluster-wide", ChartRbac::clusterWide),
        Named.of("watchNamespaces team-a,team-b", () -> ChartRbac.watching("team-a", "team-b")));
  }

  private void start(Supplier<ChartRbac> chart) {
    kube = MockKubernetes.start(chart.get());
    a = replica("pod-a", aLostLeadership);
    b = replica("pod-b", bLostLeadership);
  }

  @AfterEach
  void stop() {
    if (b != null) b.close();
    if (a != null) a.close();
    if (kube != null) kube.close();
  }

  private OperatorRuntime replica(String name, AtomicInteger lostLeadership) {
    return OperatorRuntime.create(TestRuntimes.config(name, true, kube.chart()), kube.newClient(),
        TestRuntimes.forMockServer(lostLeadership::incrementAndGet).withLeaseTiming(TestRuntimes.FAST_LEASE));
  }

  /** Lease requests of the operator's ServiceAccount that the RBAC check let through. */
  private long leaseRequests(String verb) {
    return kube.rbac().allowedCount(kube.chart().serviceAccount(),
        (ApiRequest r) -> r.resource().equals("leases") && r.verb().equals(verb));
  }

  private String holder() {
    Lease lease = kube.client().resources(Lease.class).inNamespace(TestRuntimes.LEASE_NAMESPACE)
        .withName(OperatorConfig.LEASE_NAME).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static double reconciles(OperatorRuntime replica) {
    return PromText.sumOrZero(replica.metrics().scrape(), "operator_sdk_reconciliations_started_total");
  }

  private static double leaderGauge(OperatorRuntime replica) {
    return PromText.sum(replica.metrics().scrape(), "pgaudit_operator_leader", Map.of()).orElseThrow();
  }

  private boolean reconciled(String name) {
    PgAuditPolicy p = kube.policy("team-a", name);
    return p.getFinalizers().contains(PgAuditPolicyReconciler.FINALIZER)
        && p.getStatus() != null && !p.getStatus().getConditions().isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOverWhenItStops(Supplier<ChartRbac> chart) throws Exception {
    start(chart);
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> "pod-a".equals(holder()));
    b.start();
    // The standby is Ready (its informers are synced) but does not lead.
    assertThat(Http.status(b.httpPort(), "/readyz")).isEqualTo(200);
    assertThat(leaderGauge(a)).isEqualTo(1.0);
    assertThat(leaderGauge(b)).isZero();

    kube.createPolicy("team-a", "first");
    await().atMost(Duration.ofSeconds(60)).until(() -> reconciled("first"));
    assertThat(reconciles(a)).isGreaterThanOrEqualTo(1);
    // Held for a while, not sampled once: the standby must not reconcile at any point.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> reconciles(b) == 0);
    assertThat(holder()).isEqualTo("pod-a");

    a.stop();
    await().atMost(Duration.ofSeconds(60)).until(() -> "pod-b".equals(holder()));
    assertThat(leaderGauge(b)).isEqualTo(1.0);
    assertThat(leaderGauge(a)).isZero();
    // The new leader catches up on what it saw as a standby: the existing policy is reconciled again.
    await().atMost(Duration.ofSeconds(60)).until(() -> reconciles(b) >= 1);

    double before = reconciles(b);
    kube.createPolicy("team-a", "second");
    await().atMost(Duration.ofSeconds(60)).until(() -> reconciled("second"));
    assertThat(reconciles(b)).isGreaterThan(before);
    // A graceful stop is not a lost leadership: nobody was told to exit.
    assertThat(aLostLeadership).hasValue(0);
    assertThat(bLostLeadership).hasValue(0);
    // Renewals, the takeover and the release went through the RBAC check (none refused: see stop()).
    assertThat(leaseRequests("patch")).isGreaterThanOrEqualTo(2);
    assertThat(leaseRequests("update")).as("the release on a graceful stop").isGreaterThanOrEqualTo(1);
    assertThat(leaseRequests("create")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void losingTheLeaseWhileRunningTriggersTheLostLeadershipAction(Supplier<ChartRbac> chart) throws Exception {
    start(chart);
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> "pod-a".equals(holder()));

    // Another party takes the Lease over (as after a long pause of this replica). The leader renews
    // every 200 ms, so the takeover may meet a 409 like any optimistic write: read again and retry.
    await().atMost(Duration.ofSeconds(60)).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(() -> kube.client().resources(Lease.class).inNamespace(TestRuntimes.LEASE_NAMESPACE)
            .withName(OperatorConfig.LEASE_NAME).edit(lease -> {
              lease.getSpec().setHolderIdentity("intruder");
              lease.getSpec().setLeaseDurationSeconds(3600);
              lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
              return lease;
            }) != null);

    await().atMost(Duration.ofSeconds(60)).until(() -> aLostLeadership.get() == 1);
    assertThat(leaderGauge(a)).isZero();
    assertThat(holder()).isEqualTo("intruder");
  }
}
