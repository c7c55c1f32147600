package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.ServiceKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The live policies on one service as one reconcile sees them, built once (inside the service's
 * flight) and handed forward: each policy beside its intent (derived once), who owns what and who
 * conflicts with whom (the tenancy rule set applied), and whether any of them will connect to
 * PostgreSQL as avnadmin (then the project reading keeps avnadmin's credentials for all of them).
 */
record ServiceView(ServiceKey service, List<PgAuditPolicy> policies, List<PolicyIntent> intents, Ownership ownership,
    boolean someoneConnectsAsAvnadmin) {

  ServiceView {
    policies = List.copyOf(policies);
    intents = List.copyOf(intents);
  }

  /** @param live the live policies on the service the rule set admits (see {@link LivePolicies#admittedOn}) */
  static ServiceView of(ServiceKey service, List<PgAuditPolicy> live, TenancyGate tenancy) {
    List<PolicyIntent> intents = live.stream().map(Intents::of).toList();
    return new ServiceView(service, live, intents, tenancy.ownership(intents),
        live.stream().anyMatch(ServiceView::connectsAsAvnadmin));
  }

  /**
   * The policies whose Aiven token is {@code token}: a service PUT one of them makes anyway may
   * carry their Service-scope keys, never those of others (their keys must never be written with a
   * token their authors did not give). A policy whose token cannot be read is not among them.
   * Asked only when a plan writes the service config, so a resting service reads no peer's token.
   */
  Set<PolicyRef> sameToken(Credentials credentials, Credentials.Token token) {
    Set<PolicyRef> refs = new HashSet<>();
    for (int i = 0; i < policies.size(); i++) {
      try {
        if (credentials.token(policies.get(i)).value().equals(token.value())) refs.add(intents.get(i).ref());
      } catch (ReconcileFailure unreadable) {
        // its Secret is missing: it gets nothing written on its behalf
      }
    }
    return refs;
  }

  /**
   * True when the policy will connect to PostgreSQL as avnadmin (credentials from the Aiven API):
   * to write database/role settings, or to check that its settings.role exists.
   */
  private static boolean connectsAsAvnadmin(PgAuditPolicy p) {
    return p.getSpec().getConnection() == null
        && (p.getSpec().getScope().getLevel() != ScopeLevel.Service
            || (p.getSpec().getSettings() != null && p.getSpec().getSettings().getRole() != null));
  }
}
