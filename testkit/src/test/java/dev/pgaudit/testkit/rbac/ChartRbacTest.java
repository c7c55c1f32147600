package dev.pgaudit.testkit.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chart's RBAC as rendered by helm, in both shapes: what the operator's ServiceAccount may do. */
class ChartRbacTest {

  private static boolean allows(ChartRbac chart, String method, String path) {
    return chart.rbac().allows(chart.serviceAccount(), ApiRequest.of(method, path));
  }

  @Test
  void theServiceAccountIsTheChartsOne() {
    ChartRbac chart = ChartRbac.clusterWide();

    assertThat(chart.serviceAccount().user()).isEqualTo("system:serviceaccount:pgaudit-system:pgaudit-pgaudit-operator");
    assertThat(chart.releaseNamespace()).isEqualTo(ChartRbac.NAMESPACE);
  }

  @Test
  void leaderElectionMayReadCreateRenewAndReleaseTheLeaseInTheReleaseNamespaceOnly() {
    for (ChartRbac chart : new ChartRbac[] {ChartRbac.clusterWide(), ChartRbac.watching("a", "b")}) {
      String lease = "/apis/coordination.k8s.io/v1/namespaces/pgaudit-system/leases/pgaudit-operator-leader";
      assertThat(allows(chart, "GET", lease)).isTrue();
      assertThat(allows(chart, "POST", "/apis/coordination.k8s.io/v1/namespaces/pgaudit-system/leases")).isTrue();
      assertThat(allows(chart, "PATCH", lease)).as("renewal and takeover").isTrue();
      assertThat(allows(chart, "PUT", lease)).as("release").isTrue();
      assertThat(allows(chart, "DELETE", lease)).isFalse();
      assertThat(allows(chart, "PATCH", "/apis/coordination.k8s.io/v1/namespaces/a/leases/pgaudit-operator-leader")).isFalse();
    }
  }

  @Test
  void clusterWideMayWatchPoliciesAndSecretsEverywhere() {
    ChartRbac chart = ChartRbac.clusterWide();

    assertThat(allows(chart, "GET", "/apis/pgaudit.dev/v1alpha1/pgauditpolicies?watch=true")).isTrue();
    assertThat(allows(chart, "GET", "/api/v1/secrets?watch=true")).isTrue();
    assertThat(allows(chart, "PATCH", "/apis/pgaudit.dev/v1alpha1/namespaces/x/pgauditpolicies/p/status")).isTrue();
    assertThat(allows(chart, "PATCH", "/api/v1/namespaces/x/secrets/s")).isFalse();
    assertThat(allows(chart, "DELETE", "/apis/pgaudit.dev/v1alpha1/namespaces/x/pgauditpolicies/p")).isFalse();
  }

  @Test
  void watchNamespacesGrantOnlyInTheListedNamespaces() {
    ChartRbac chart = ChartRbac.watching("a", "b");

    assertThat(chart.watchNamespaces()).containsExactly("a", "b");
    assertThat(allows(chart, "GET", "/apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies?watch=true")).isTrue();
    assertThat(allows(chart, "GET", "/api/v1/namespaces/b/secrets")).isTrue();
    assertThat(allows(chart, "POST", "/api/v1/namespaces/b/events")).isTrue();
    assertThat(allows(chart, "GET", "/apis/pgaudit.dev/v1alpha1/pgauditpolicies?watch=true")).isFalse();
    assertThat(allows(chart, "GET", "/api/v1/namespaces/c/secrets")).isFalse();
  }
}
