package dev.pgaudit.testkit.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes' RBAC authorizer over a fixed set of Roles, ClusterRoles and their bindings, as
 * k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac evaluates them: a request is allowed when a rule
 * of a role bound to the identity allows it; ClusterRoleBindings grant everywhere, RoleBindings only
 * in their own namespace (for a Role of that namespace or a ClusterRole). Nothing is ever denied
 * explicitly; what no rule allows is refused. Aggregated ClusterRoles are not expanded.
 */
public final class Rbac {
  private final List<Role> roles = new ArrayList<>();
  private final List<ClusterRole> clusterRoles = new ArrayList<>();
  private final List<RoleBinding> roleBindings = new ArrayList<>();
  private final List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();

  private Rbac() {}

  /** The RBAC objects among {@code objects}; everything else is ignored. */
  public static Rbac of(Collection<? extends HasMetadata> objects) {
    Rbac rbac = new Rbac();
    for (HasMetadata o : objects) {
      if (o instanceof Role r) rbac.roles.add(r);
      else if (o instanceof ClusterRole r) rbac.clusterRoles.add(r);
      else if (o instanceof RoleBinding b) rbac.roleBindings.add(b);
      else if (o instanceof ClusterRoleBinding b) rbac.clusterRoleBindings.add(b);
    }
    return rbac;
  }

  /** These objects plus {@code more}. */
  public Rbac with(Collection<? extends HasMetadata> more) {
    List<HasMetadata> all = new ArrayList<>(objects());
    all.addAll(more);
    return of(all);
  }

  public List<HasMetadata> objects() {
    List<HasMetadata> all = new ArrayList<>(roles);
    all.addAll(clusterRoles);
    all.addAll(roleBindings);
    all.addAll(clusterRoleBindings);
    return all;
  }

  public boolean allows(Identity who, ApiRequest request) {
    return rules(who, request.namespace()).stream().anyMatch(rule -> allows(rule, request));
  }

  /**
   * Every rule that applies to {@code who} in {@code namespace} ("" = cluster scope only): what a
   * SelfSubjectRulesReview answers.
   */
  public List<PolicyRule> rules(Identity who, String namespace) {
    List<PolicyRule> rules = new ArrayList<>();
    for (ClusterRoleBinding b : clusterRoleBindings) {
      if (appliesTo(b.getSubjects(), who, "")) rules.addAll(rulesOf(b.getRoleRef(), ""));
    }
    if (!namespace.isEmpty()) {
      for (RoleBinding b : roleBindings) {
        String bindingNamespace = b.getMetadata().getNamespace();
        if (namespace.equals(bindingNamespace) && appliesTo(b.getSubjects(), who, bindingNamespace)) {
          rules.addAll(rulesOf(b.getRoleRef(), bindingNamespace));
        }
      }
    }
    return rules;
  }

  /** One rule against one request: rbac/v1 RuleAllows. */
  public static boolean allows(PolicyRule rule, ApiRequest request) {
    if (!matchesOrStar(rule.getVerbs(), request.verb())) return false;
    if (!request.resourceRequest()) {
      return list(rule.getNonResourceURLs()).stream().anyMatch(url -> url.equals(request.path())
          || url.equals("*") || (url.endsWith("*") && request.path().startsWith(url.substring(0, url.length() - 1))));
    }
    return matchesOrStar(rule.getApiGroups(), request.apiGroup())
        && resourceMatches(list(rule.getResources()), request)
        && (list(rule.getResourceNames()).isEmpty() || rule.getResourceNames().contains(request.name()));
  }

  private static boolean resourceMatches(List<String> resources, ApiRequest request) {
    for (String resource : resources) {
      if (resource.equals("*") || resource.equals(request.combinedResource())) return true;
      // "*/status" grants the status subresource of every resource
      if (!request.subresource().isEmpty() && resource.equals("*/" + request.subresource())) return true;
    }
    return false;
  }

  private List<PolicyRule> rulesOf(RoleRef ref, String bindingNamespace) {
    if (ref == null) return List.of();
    if ("ClusterRole".equals(ref.getKind())) {
      return clusterRoles.stream().filter(r -> ref.getName().equals(r.getMetadata().getName()))
          .flatMap(r -> list(r.getRules()).stream()).toList();
    }
    if ("Role".equals(ref.getKind()) && !bindingNamespace.isEmpty()) {
      return roles.stream().filter(r -> ref.getName().equals(r.getMetadata().getName()))
          .filter(r -> bindingNamespace.equals(r.getMetadata().getNamespace()))
          .flatMap(r -> list(r.getRules()).stream()).toList();
    }
    return List.of();
  }

  /** rbac's appliesToUser: a ServiceAccount subject without a namespace means the binding's namespace. */
  private static boolean appliesTo(List<Subject> subjects, Identity who, String bindingNamespace) {
    for (Subject s : list(subjects)) {
      boolean applies = switch (Objects.requireNonNullElse(s.getKind(), "")) {
        case "User" -> who.user().equals(s.getName());
        case "Group" -> who.groups().contains(s.getName());
        case "ServiceAccount" -> {
          String ns = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace();
          yield !ns.isEmpty() && who.user().equals("system:serviceaccount:" + ns + ":" + s.getName());
        }
        default -> false;
      };
      if (applies) return true;
    }
    return false;
  }

  private static boolean matchesOrStar(List<String> allowed, String value) {
    List<String> all = list(allowed);
    return all.contains("*") || all.contains(value);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
