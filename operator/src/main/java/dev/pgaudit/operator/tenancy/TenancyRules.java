package dev.pgaudit.operator.tenancy;

import dev.pgaudit.operator.plan.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which namespaces may audit which Aiven services: the platform team's rule set (Helm value
 * {@code tenancy}, environment variable {@code PGAUDIT_TENANCY}). The operator's default token is
 * a shared, powerful credential, so a namespace no rule lists may not use it at all (default
 * deny); {@code allowAll} lifts that for a single-team cluster. Policies with their own
 * {@code spec.authSecretRef} are limited by what Aiven lets that token do, and by this rule set
 * too when {@code restrictOwnTokens} is set.
 *
 * @param rank across namespaces, the higher rank wins a conflict (see
 *     {@link dev.pgaudit.operator.plan.Ownership}); equal ranks block both policies
 * @param managedRoles the Aiven-managed roles and whether a policy may lower their auditing
 */
public record TenancyRules(boolean allowAll, boolean restrictOwnTokens, List<NamespaceRule> namespaces,
    ManagedRoles managedRoles) {

  /** The chart's default: no namespace may use the default token; managed roles protected. */
  public static final TenancyRules DEFAULT = new TenancyRules(false, false, List.of(), ManagedRoles.DEFAULT);

  public TenancyRules {
    namespaces = List.copyOf(namespaces);
  }

  /** A single-team cluster: every namespace may use the default token on every service. */
  public static TenancyRules allowingAll() {
    return new TenancyRules(true, false, List.of(), ManagedRoles.DEFAULT);
  }

  /** One project/service pattern pair; {@code *} matches any run of characters, {@code ?} one. */
  public record ServicePattern(String project, String service) {
    boolean matches(ServiceKey key) {
      return Glob.matches(project, key.project()) && Glob.matches(service, key.service());
    }

    @Override
    public String toString() { return project + "/" + service; }
  }

  /** A rule: the namespaces its pattern matches may audit these services. {@code index} is its place in the list. */
  public record NamespaceRule(int index, String namespace, int rank, List<ServicePattern> services) {
    public NamespaceRule {
      services = List.copyOf(services);
    }

    /** How messages name the rule, so the platform team finds it in its values. */
    public String describe() {
      return "tenancy.namespaces[" + index + "] (namespace " + namespace + ")";
    }

    boolean covers(String ns) {
      return Glob.matches(namespace, ns);
    }
  }

  /**
   * The roles Aiven creates and runs the service with (patterns). With {@code allowLowering}
   * false a policy may add auditing for them but not lower it.
   */
  public record ManagedRoles(List<String> roles, boolean allowLowering) {
    public static final ManagedRoles DEFAULT = new ManagedRoles(List.of("avnadmin", "postgres", "_aiven*"), false);

    public ManagedRoles {
      roles = List.copyOf(roles);
    }

    /** The first pattern matching the role, if the role is Aiven-managed. */
    public Optional<String> patternFor(String role) {
      return roles.stream().filter(p -> Glob.matches(p, role)).findFirst();
    }
  }

  /** The verdict for one policy; {@code message} says which rule decided, for the condition. */
  public record Decision(boolean allowed, String message) {
    static final Decision ALLOWED = new Decision(true, null);
  }

  /**
   * May a policy in {@code namespace} use its token on {@code source} (and on {@code sinkDestination},
   * the OpenSearch service its logs would go to, when not null)?
   */
  public Decision decide(String namespace, boolean defaultToken, ServiceKey source, ServiceKey sinkDestination) {
    if (!defaultToken && !restrictOwnTokens) return Decision.ALLOWED;
    if (allowAll) return Decision.ALLOWED;
    String token = defaultToken ? "the operator's default Aiven token" : "an Aiven token (tenancy.restrictOwnTokens is on)";
    List<NamespaceRule> rules = rulesFor(namespace);
    if (rules.isEmpty()) {
      return new Decision(false, "namespace " + namespace + " may not use " + token + ": no tenancy rule lists it"
          + " and tenancy.allowAll is false (default deny); ask the platform team to add it to tenancy.namespaces");
    }
    for (var target : targets(source, sinkDestination)) {
      if (rules.stream().noneMatch(r -> r.services().stream().anyMatch(p -> p.matches(target.key())))) {
        return new Decision(false, "namespace " + namespace + " may not use " + token + " on " + target.role() + " "
            + target.key() + ": " + describeAllowance(rules));
      }
    }
    return Decision.ALLOWED;
  }

  /** The rank of a namespace in cross-namespace conflicts: its highest rule's, 0 when none lists it. */
  public int rankOf(String namespace) {
    return rulesFor(namespace).stream().mapToInt(NamespaceRule::rank).max().orElse(0);
  }

  private List<NamespaceRule> rulesFor(String namespace) {
    return namespaces.stream().filter(r -> r.covers(namespace)).toList();
  }

  private record Target(String role, ServiceKey key) {}

  private static List<Target> targets(ServiceKey source, ServiceKey sinkDestination) {
    List<Target> targets = new ArrayList<>();
    targets.add(new Target("service", source));
    if (sinkDestination != null) targets.add(new Target("sink destination", sinkDestination));
    return targets;
  }

  private static String describeAllowance(List<NamespaceRule> rules) {
    List<String> parts = new ArrayList<>();
    for (NamespaceRule r : rules) {
      parts.add(r.describe() + " allows " + (r.services().isEmpty() ? "no service"
          : String.join(", ", r.services().stream().map(ServicePattern::toString).toList())));
    }
    return String.join("; ", parts);
  }

  @Override
  public String toString() {
    return "TenancyRules[allowAll=" + allowAll + ", restrictOwnTokens=" + restrictOwnTokens + ", namespaces="
        + namespaces.stream().map(r -> r.namespace() + (r.rank() == 0 ? "" : "(rank " + r.rank() + ")") + "->" + r.services()).toList()
        + ", managedRoles=" + managedRoles.roles() + (managedRoles.allowLowering() ? " (lowering allowed)" : " (protected)") + "]";
  }
}
