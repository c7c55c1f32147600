package dev.pgaudit.testkit.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/**
 * What every authenticated identity may do on any Kubernetes cluster without a binding of its own:
 * the bootstrap ClusterRoles system:basic-user (self access and rules reviews), system:discovery
 * and system:public-info-viewer, bound to the group system:authenticated (kube-apiserver's
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy). Nothing else comes for free.
 */
public final class BootstrapPolicy {
  private BootstrapPolicy() {}

  public static List<HasMetadata> objects() {
    return List.of(
        new ClusterRoleBuilder().withNewMetadata().withName("system:basic-user").endMetadata()
            .withRules(
                new PolicyRuleBuilder().withApiGroups("authorization.k8s.io")
                    .withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews").withVerbs("create").build(),
                new PolicyRuleBuilder().withApiGroups("authentication.k8s.io")
                    .withResources("selfsubjectreviews").withVerbs("create").build())
            .build(),
        new ClusterRoleBuilder().withNewMetadata().withName("system:discovery").endMetadata()
            .withRules(new PolicyRuleBuilder().withVerbs("get")
                .withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                    "/openapi/*", "/readyz", "/version", "/version/")
                .build())
            .build(),
        new ClusterRoleBuilder().withNewMetadata().withName("system:public-info-viewer").endMetadata()
            .withRules(new PolicyRuleBuilder().withVerbs("get")
                .withNonResourceURLs("/healthz", "/livez", "/readyz", "/version", "/version/").build())
            .build(),
        binding("system:basic-user"),
        binding("system:discovery"),
        binding("system:public-info-viewer"));
  }

  private static HasMetadata binding(String role) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(role).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("system:authenticated")
        .endSubject()
        .build();
  }
}
