package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.AuditReduction;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.tenancy.TenancyRules;
import java.util.List;

/**
 * Applies the rule set to policies, before anything reads a token: a policy outside its
 * namespace's allowance gets its own Ready=False reason, is not planned, releases nothing and
 * counts for nobody's ownership (so it cannot win a conflict against an allowed policy). The same
 * holds for a policy lowering the auditing of an Aiven-managed role while the rule set protects them.
 */
final class TenancyGate {
  private final TenancyRules rules;

  TenancyGate(TenancyRules rules) {
    this.rules = rules;
  }

  TenancyRules rules() {
    return rules;
  }

  /** The verdict for the policy's current spec (its service and its sink's destination). */
  TenancyRules.Decision decide(PgAuditPolicy policy) {
    return rules.decide(policy.getMetadata().getNamespace(), usesDefaultToken(policy), Intents.serviceOf(policy),
        sinkDestination(policy));
  }

  /** The verdict for touching another service with the policy's token (a release after spec.service moved). */
  TenancyRules.Decision decide(PgAuditPolicy policy, ServiceKey service) {
    return rules.decide(policy.getMetadata().getNamespace(), usesDefaultToken(policy), service, null);
  }

  /** Ownership among the live policies, cross-namespace conflicts settled by the rule set's ranks. */
  Ownership ownership(List<PolicyIntent> live) {
    return Ownership.resolve(live, rules::rankOf);
  }

  /** In the allowance, and not lowering a managed role's auditing by its spec alone: it may take part in ownership. */
  boolean allows(PgAuditPolicy policy) {
    return decide(policy).allowed() && managedRoleLowering(policy) == null;
  }

  static boolean usesDefaultToken(PgAuditPolicy policy) {
    return policy.getSpec().getAuthSecretRef() == null;
  }

  /** The OpenSearch service a sink ships logs to; its project defaults to the source's. */
  static ServiceKey sinkDestination(PgAuditPolicy policy) {
    var sink = policy.getSpec().getSink();
    if (sink == null || sink.getOpensearch() == null) return null;
    OpenSearchSink os = sink.getOpensearch();
    String project = os.getProject() != null ? os.getProject() : policy.getSpec().getService().getProject();
    return new ServiceKey(project, os.getServiceName());
  }

  /**
   * Null, or why the policy may not lower an Aiven-managed role's auditing by itself: {@code none}
   * or a {@code -class} exclusion on a managed role, whatever else covers it. Decided from the spec
   * alone, so such a policy is left out of ownership like one outside its allowance.
   */
  String managedRoleLowering(PgAuditPolicy policy) {
    if (rules.managedRoles().allowLowering()) return null;
    List<String> classes = policy.getSpec().getLog().stream().map(AuditClass::wire).toList();
    List<String> lowering = classes.stream().filter(c -> c.equals("none") || c.startsWith("-")).toList();
    if (lowering.isEmpty()) return null;
    for (SqlTarget target : Intents.targets(policy.getSpec().getScope())) {
      String problem = managedRole(target).map(role -> refusal(role, "pgaudit.log " + String.join(", ", lowering)
          + " on " + target.describe())).orElse(null);
      if (problem != null) return problem;
    }
    return null;
  }

  /** Null, or how the policy lowers a managed role's auditing below what another policy covering it asks for. */
  String managedRoleReduction(PolicyRef policy, List<AuditReduction> reductions) {
    if (rules.managedRoles().allowLowering()) return null;
    for (AuditReduction r : reductions) {
      if (!r.reducer().equals(policy) || !(r.reducerSlot() instanceof Slot.Sql sql)) continue;
      String problem = managedRole(sql.sqlTarget()).map(role -> refusal(role, r.message())).orElse(null);
      if (problem != null) return problem;
    }
    return null;
  }

  private java.util.Optional<String[]> managedRole(SqlTarget target) {
    String role = target instanceof SqlTarget.Role r ? r.role() : target instanceof SqlTarget.RoleInDatabase rd ? rd.role() : null;
    if (role == null) return java.util.Optional.empty();
    return rules.managedRoles().patternFor(role).map(pattern -> new String[] {role, pattern});
  }

  private static String refusal(String[] role, String what) {
    return "role " + role[0] + " is managed by Aiven (tenancy.managedRoles.roles: " + role[1] + ") and"
        + " tenancy.managedRoles.allowLowering is false, so a policy may not lower its auditing: " + what;
  }
}
