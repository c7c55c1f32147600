package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart grants exactly the rights of the runtime contract: the full rule sets are compared. */
class ChartRbacTest {
  private static final String LEASE_ROLE = Chart.FULLNAME + "-leader-election";
  private static final String RECORD_ROLE = Chart.FULLNAME + "-applied-records";

  @Test
  void byDefaultAClusterRoleGrantsExactlyTheWatchRules() {
    Rendered chart = Chart.template();

    JsonNode clusterRole = chart.one("ClusterRole");
    assertThat(Rendered.ruleLines(clusterRole)).containsExactlyInAnyOrderElementsOf(RuntimeContract.WATCH_RULES);
    assertBindsToServiceAccount(chart.one("ClusterRoleBinding"), "ClusterRole", clusterRole);
    assertThat(chart.ofKind("Role")).extracting(r -> r.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(LEASE_ROLE, RECORD_ROLE);
  }

  @Test
  void recordRoleInTheReleaseNamespaceGrantsExactlyTheConfigMapRules() {
    for (Rendered chart : List.of(Chart.template(), Chart.template("custom-values.yaml"),
        Chart.render(Chart.base().set("leaderElection.enabled", false)))) {
      JsonNode role = chart.named("Role", RECORD_ROLE);

      assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
      assertThat(Rendered.ruleLines(role)).containsExactlyInAnyOrderElementsOf(RuntimeContract.RECORD_RULES);
      assertBindsToServiceAccount(chart.named("RoleBinding", RECORD_ROLE), "Role", role);
    }
  }

  @Test
  void leaseRoleInTheReleaseNamespaceGrantsExactlyTheLeaseRules() {
    for (Rendered chart : List.of(Chart.template(), Chart.template("custom-values.yaml"))) {
      JsonNode role = chart.named("Role", LEASE_ROLE);

      assertThat(role.path("metadata").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
      assertThat(Rendered.ruleLines(role)).containsExactlyInAnyOrderElementsOf(RuntimeContract.LEASE_RULES);
      assertBindsToServiceAccount(chart.named("RoleBinding", LEASE_ROLE), "Role", role);
      // The operator puts its Lease in POD_NAMESPACE unless told otherwise: the release namespace.
      assertThat(chart.env()).doesNotContainKey("PGAUDIT_LEADER_ELECTION_NAMESPACE");
      assertThat(chart.deployment().path("metadata").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
    }
  }

  @Test
  void watchNamespacesGetOneRoleEachAndNoClusterWideRights() {
    Rendered chart = Chart.template("custom-values.yaml");

    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();
    List<JsonNode> watchRoles = chart.ofKind("Role").stream()
        .filter(r -> r.path("metadata").path("name").asText().equals(Chart.FULLNAME)).toList();
    assertThat(watchRoles).extracting(r -> r.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("a", "b");
    for (JsonNode role : watchRoles) {
      String namespace = role.path("metadata").path("namespace").asText();
      assertThat(Rendered.ruleLines(role)).as("Role in %s", namespace)
          .containsExactlyInAnyOrderElementsOf(RuntimeContract.WATCH_RULES);
      JsonNode binding = chart.ofKind("RoleBinding").stream()
          .filter(b -> b.path("metadata").path("namespace").asText().equals(namespace))
          .filter(b -> b.path("metadata").path("name").asText().equals(Chart.FULLNAME))
          .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding in " + namespace));
      assertBindsToServiceAccount(binding, "Role", role);
    }
  }

  @Test
  void noOtherRbacObjectsAreRendered() {
    assertThat(Chart.template().kinds()).filteredOn(k -> k.contains("Role"))
        .containsExactlyInAnyOrder("ClusterRole/" + Chart.FULLNAME, "ClusterRoleBinding/" + Chart.FULLNAME,
            "Role/" + LEASE_ROLE, "RoleBinding/" + LEASE_ROLE, "Role/" + RECORD_ROLE, "RoleBinding/" + RECORD_ROLE);
  }

  @Test
  void rbacCreateFalseRendersNoRbacAndLeaderElectionOffNeedsNoLease() {
    assertThat(Chart.render(Chart.base().set("rbac.create", false)).kinds())
        .noneMatch(k -> k.contains("Role"));

    Rendered noLeaderElection = Chart.render(Chart.base().set("leaderElection.enabled", false));
    assertThat(noLeaderElection.ofKind("Role")).extracting(r -> r.path("metadata").path("name").asText())
        .containsExactly(RECORD_ROLE);
    assertThat(noLeaderElection.envValue("PGAUDIT_LEADER_ELECTION")).isEqualTo("false");
  }

  private static void assertBindsToServiceAccount(JsonNode binding, String roleKind, JsonNode role) {
    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo(roleKind);
    assertThat(binding.path("roleRef").path("apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(role.path("metadata").path("name").asText());
    assertThat(binding.path("subjects")).hasSize(1);
    JsonNode subject = binding.path("subjects").get(0);
    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asText()).isEqualTo(Chart.FULLNAME);
    assertThat(subject.path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
  }
}
