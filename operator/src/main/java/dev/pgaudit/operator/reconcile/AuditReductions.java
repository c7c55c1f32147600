package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.plan.AuditReduction;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Makes audit-reducing policies visible: when one policy's pgaudit.log on a more specific target
 * turns down what a policy of another namespace asks for (see {@link AuditReduction}), both get an {@code AuditReduced}
 * condition (reason ReducedByPeer on the covered one, ReducesPeer on the other) and a Warning
 * event, so the team being silenced learns of it. Additive: Ready is not changed by it, and a
 * policy without reductions has no such condition.
 */
final class AuditReductions {
  private AuditReductions() {}

  /**
   * The reductions among the applied policies on a service: Enforce policies that own their slots
   * (a conflict loser writes nothing, so it reduces nothing).
   */
  static List<AuditReduction> among(List<PolicyIntent> live, Ownership ownership) {
    return AuditReduction.among(live.stream().filter(p -> p.enforce() && ownership.conflictOf(p.ref()).isEmpty()).toList());
  }

  /**
   * The reductions across namespaces the policy makes or suffers, minus those by policies the rule
   * set refuses (they write nothing). Within a namespace, a policy refining another (a database's
   * classes under the service's) is the team's own layering, not one team silencing another.
   */
  static List<AuditReduction> visibleTo(PolicyIntent policy, List<AuditReduction> all, TenancyGate tenancy) {
    if (!policy.enforce()) return List.of();
    return AuditReduction.involving(policy.ref(), all).stream()
        .filter(r -> !r.reducer().namespace().equals(r.covered().namespace()))
        .filter(r -> tenancy.managedRoleReduction(r.reducer(), all) == null).toList();
  }

  /**
   * The status with the AuditReduced condition added when there are reductions; a Warning event
   * per reduction whenever the condition's message changes (not at every resync).
   */
  static PgAuditPolicyStatus report(PgAuditPolicy policy, PgAuditPolicyStatus status, List<AuditReduction> reductions,
      EventRecorder events) {
    if (reductions.isEmpty()) return status;
    var ref = dev.pgaudit.operator.plan.Intents.refOf(policy);
    boolean covered = reductions.stream().anyMatch(r -> r.covered().equals(ref));
    String message = reductions.stream().map(AuditReduction::message).distinct().collect(Collectors.joining("; "));
    Condition condition = new Condition();
    condition.setType(Conditions.AUDIT_REDUCED);
    condition.setStatus("True");
    condition.setReason(covered ? Conditions.Reason.REDUCED_BY_PEER : Conditions.Reason.REDUCES_PEER);
    condition.setMessage(StatusBuilder.cut(message));
    condition.setObservedGeneration(status.getObservedGeneration());
    Condition previous = policy.getStatus() == null ? null : policy.getStatus().getConditions().stream()
        .filter(c -> Conditions.AUDIT_REDUCED.equals(c.getType())).findFirst().orElse(null);
    Condition ready = status.getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElseThrow();
    condition.setLastTransitionTime(previous != null && "True".equals(previous.getStatus())
        ? previous.getLastTransitionTime() : ready.getLastTransitionTime());
    if (previous == null || !Objects.equals(previous.getMessage(), condition.getMessage())) {
      for (AuditReduction r : reductions) {
        events.warning(policy, Conditions.EventReason.AUDIT_REDUCED, r.covered().equals(ref)
            ? "auditing of this policy is turned down: " + r.message()
            : "this policy turns down another policy's auditing: " + r.message());
      }
    }
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.add(condition);
    status.setConditions(conditions);
    return status;
  }
}
