package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas against one API server: one Lease holder reconciles, the standby is ready and takes over. */
class LeaderElectionTest {
  private MockKubernetes kube;
  private OperatorRuntime a;
  private OperatorRuntime b;
  private final AtomicInteger aLostLeadership = new AtomicInteger();
  private final AtomicInteger bLostLeadership = new AtomicInteger();

  @BeforeEach
  void start() {
    kube = MockKubernetes.start();
    a = replica("pod-a", aLostLeadership);
    b = replica("pod-b", bLostLeadership);
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
    kube.close();
  }

  private OperatorRuntime replica(String name, AtomicInteger lostLeadership) {
    return OperatorRuntime.create(TestRuntimes.config(name, true), kube.newClient(),
        RuntimeOptions.forMockServer(lostLeadership::incrementAndGet).withLeaseTiming(TestRuntimes.FAST_LEASE));
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

  @Test
  void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOverWhenItStops() throws Exception {
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
  }

  @Test
  void losingTheLeaseWhileRunningTriggersTheLostLeadershipAction() throws Exception {
    a.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> "pod-a".equals(holder()));

    // Another party takes the Lease over (as after a long pause of this replica).
    kube.client().resources(Lease.class).inNamespace(TestRuntimes.LEASE_NAMESPACE).withName(OperatorConfig.LEASE_NAME)
        .edit(lease -> {
          lease.getSpec().setHolderIdentity("intruder");
          lease.getSpec().setLeaseDurationSeconds(3600);
          lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
          return lease;
        });

    await().atMost(Duration.ofSeconds(60)).until(() -> aLostLeadership.get() == 1);
    assertThat(leaderGauge(a)).isZero();
    assertThat(holder()).isEqualTo("intruder");
  }
}
