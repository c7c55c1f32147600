package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.NONE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.tenancy.TenancyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * tenancy.managedRoles is configurable: the list of protected roles (patterns) replaces Aiven's
 * defaults, and allowLowering lifts the protection. A policy that passes the protection goes on to
 * PostgreSQL, which here does not listen (ConnectionFailed): that reason shows the rule set let it through.
 */
class ManagedRolesConfigReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture protectingSvc = ReconcilerFixture.aivenOnly(ReconcilerFixture.defaultTokenUnder(
      TenancyParser.parse("{allowAll: true, managedRoles: {roles: [\"svc_*\"]}}")));

  @RegisterExtension
  static final ReconcilerFixture allowingLowering = ReconcilerFixture.aivenOnly(ReconcilerFixture.defaultTokenUnder(
      TenancyParser.parse("{allowAll: true, managedRoles: {allowLowering: true}}")));

  private static String readyReason(ReconcilerFixture fx, String role) {
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "quiet-" + role.replace('_', '-'), fx.pgService()).defaultToken()
        .roles(role).log(NONE).build());
    fx.reconcile(p);
    return statusReasonMessage(p, Conditions.READY).get(1);
  }

  @Test
  void theConfiguredPatternsAreProtectedInsteadOfAivensDefaults() {
    PgAuditPolicy p = protectingSvc.put(policy(protectingSvc.namespace(), "quiet", protectingSvc.pgService()).defaultToken()
        .roles("svc_billing").log(NONE).build());
    protectingSvc.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.MANAGED_ROLE,
        "role svc_billing is managed by Aiven (tenancy.managedRoles.roles: svc_*) and tenancy.managedRoles.allowLowering"
            + " is false, so a policy may not lower its auditing: pgaudit.log none on role \"svc_billing\"");
    assertThat(readyReason(protectingSvc, "avnadmin")).isEqualTo(Conditions.Reason.CONNECTION_FAILED);
  }

  @Test
  void allowLoweringLetsAPolicyLowerAManagedRole() {
    assertThat(readyReason(allowingLowering, "avnadmin")).isEqualTo(Conditions.Reason.CONNECTION_FAILED);
    assertThat(readyReason(allowingLowering, "_aiven_repl")).isEqualTo(Conditions.Reason.CONNECTION_FAILED);
  }
}
