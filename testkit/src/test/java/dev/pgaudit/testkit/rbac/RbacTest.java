package dev.pgaudit.testkit.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RBAC evaluation rules, each against a request it must allow and one it must refuse. */
class RbacTest {
  private static final Identity SA = Identity.serviceAccount("ops", "op");

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static boolean allows(PolicyRule rule, String method, String path) {
    return Rbac.allows(rule, ApiRequest.of(method, path));
  }

  @Test
  void verbGroupAndResourceMustAllMatch() {
    PolicyRule leases = rule("coordination.k8s.io", "leases", "get", "create", "update");

    assertThat(allows(leases, "GET", "/apis/coordination.k8s.io/v1/namespaces/n/leases/l")).isTrue();
    assertThat(allows(leases, "PUT", "/apis/coordination.k8s.io/v1/namespaces/n/leases/l")).isTrue();
    assertThat(allows(leases, "PATCH", "/apis/coordination.k8s.io/v1/namespaces/n/leases/l")).isFalse();
    assertThat(allows(leases, "GET", "/apis/coordination.k8s.io/v1/namespaces/n/leases")).as("list").isFalse();
    assertThat(allows(leases, "GET", "/apis/other.io/v1/namespaces/n/leases/l")).isFalse();
  }

  @Test
  void aSubresourceNeedsItsOwnRuleUnlessStarGrantsIt() {
    assertThat(allows(rule("pgaudit.dev", "pgauditpolicies", "*"), "PATCH", "/apis/pgaudit.dev/v1/namespaces/n/pgauditpolicies/p/status")).isFalse();
    assertThat(allows(rule("pgaudit.dev", "pgauditpolicies/status", "patch"), "PATCH", "/apis/pgaudit.dev/v1/namespaces/n/pgauditpolicies/p/status")).isTrue();
    assertThat(allows(rule("pgaudit.dev", "*/status", "patch"), "PATCH", "/apis/pgaudit.dev/v1/namespaces/n/pgauditpolicies/p/status")).isTrue();
    assertThat(allows(rule("pgaudit.dev", "*/status", "patch"), "PATCH", "/apis/pgaudit.dev/v1/namespaces/n/pgauditpolicies/p")).isFalse();
    assertThat(allows(rule("*", "*", "patch"), "PATCH", "/apis/pgaudit.dev/v1/namespaces/n/pgauditpolicies/p/status")).isTrue();
  }

  @Test
  void resourceNamesLimitToNamedObjectsSoCollectionsAreRefused() {
    PolicyRule one = new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withResourceNames("token")
        .withVerbs("get", "list", "watch").build();

    assertThat(allows(one, "GET", "/api/v1/namespaces/n/secrets/token")).isTrue();
    assertThat(allows(one, "GET", "/api/v1/namespaces/n/secrets/other")).isFalse();
    assertThat(allows(one, "GET", "/api/v1/namespaces/n/secrets")).isFalse();
    assertThat(allows(one, "GET", "/api/v1/namespaces/n/secrets?watch=true&fieldSelector=metadata.name%3Dtoken")).isTrue();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByTrailingStar() {
    PolicyRule discovery = new PolicyRuleBuilder().withVerbs("get").withNonResourceURLs("/apis/*", "/version").build();

    assertThat(allows(discovery, "GET", "/apis/pgaudit.dev/v1alpha1")).isTrue();
    assertThat(allows(discovery, "GET", "/version")).isTrue();
    assertThat(allows(discovery, "GET", "/version/x")).isFalse();
    assertThat(allows(discovery, "POST", "/version")).isFalse();
  }

  @Test
  void aRoleBindingGrantsOnlyInItsNamespaceAClusterRoleBindingEverywhere() {
    List<HasMetadata> objects = List.of(
        new ClusterRoleBuilder().withNewMetadata().withName("read-secrets").endMetadata()
            .withRules(rule("", "secrets", "get", "list")).build(),
        new RoleBindingBuilder().withNewMetadata().withName("b").withNamespace("a").endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "read-secrets")
            // no namespace on the subject: the binding's namespace, so this is someone else's ServiceAccount
            .addNewSubject().withKind("ServiceAccount").withName("op").endSubject().build(),
        new RoleBindingBuilder().withNewMetadata().withName("b2").withNamespace("b").endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "read-secrets")
            .addNewSubject().withKind("ServiceAccount").withName("op").withNamespace("ops").endSubject().build(),
        new RoleBuilder().withNewMetadata().withName("lease").withNamespace("ops").endMetadata()
            .withRules(rule("coordination.k8s.io", "leases", "patch")).build(),
        new RoleBindingBuilder().withNewMetadata().withName("lease").withNamespace("ops").endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "lease")
            .addNewSubject().withKind("ServiceAccount").withName("op").endSubject().build());
    Rbac rbac = Rbac.of(objects);

    assertThat(rbac.allows(SA, ApiRequest.of("GET", "/api/v1/namespaces/b/secrets"))).isTrue();
    assertThat(rbac.allows(SA, ApiRequest.of("GET", "/api/v1/namespaces/a/secrets"))).isFalse();
    assertThat(rbac.allows(SA, ApiRequest.of("GET", "/api/v1/secrets"))).as("cluster-wide list").isFalse();
    assertThat(rbac.allows(SA, ApiRequest.of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/l"))).isTrue();
    assertThat(rbac.allows(SA, ApiRequest.of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/b/leases/l"))).isFalse();

    Rbac clusterWide = rbac.with(List.of(new ClusterRoleBindingBuilder().withNewMetadata().withName("c").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "read-secrets")
        .addNewSubject().withKind("Group").withName("system:serviceaccounts:ops").endSubject().build()));
    assertThat(clusterWide.allows(SA, ApiRequest.of("GET", "/api/v1/secrets"))).isTrue();
    assertThat(clusterWide.allows(Identity.serviceAccount("other", "op"), ApiRequest.of("GET", "/api/v1/secrets"))).isFalse();
  }
}
