package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.tenancy.TenancyRules;

/**
 * Applies the rule set to policies, before anything reads a token: a policy outside its
 * namespace's allowance gets its own Ready=False reason, is not planned, releases nothing and
 * counts for nobody's ownership (so it cannot win a conflict against an allowed policy).
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

  boolean allows(PgAuditPolicy policy) {
    return decide(policy).allowed();
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

  /** The Ready=False outcome of a policy outside its allowance: nothing was looked at. */
  static Outcome denied(String message) {
    return new Outcome(java.util.Map.of(Layer.SERVICE, LayerState.failed(Conditions.Reason.NOT_ALLOWED, message)),
        null, false, dev.pgaudit.operator.plan.Plan.NONE, null, null, null);
  }
}
