package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.NONE;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.tenancy.TenancyParser;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spec and tenancy failures, decided before any Aiven or SQL work: InvalidSpec, NotAllowedForNamespace,
 * ManagedRoleProtected (before planning and after, against a peer) and Conflict. None is retried on
 * a timer: a spec change (or a restart, for the rule set) is what can fix them. The cleanup of an
 * invalid or refused policy undoes nothing and lets it go.
 */
class SpecAndTenancyReasonsTest {
  static final String TEAM = "team-a";
  static final String ALLOWED = "pg-team-a";
  /** Allowed too, for the test whose policies must meet no other test's. */
  static final String PEERS = "pg-team-a-peers";

  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly(ReconcilerFixture.defaultTokenUnder(TenancyParser.parse("""
      namespaces:
        - namespace: %s
          services: [{project: acme, service: %s}, {project: acme, service: %s}]
      """.formatted(TEAM, ALLOWED, PEERS))));

  @Test
  void invalidSpecWaitsForASpecChange() {
    PgAuditPolicy p = policy(fx.namespace(), "p", "pg-any").serviceScope().log(DDL).build();
    p.getSpec().setLog(List.of());
    p.getMetadata().setGeneration(1L);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY))
        .containsExactly("False", Conditions.Reason.INVALID_SPEC, "spec.log must list at least one audit class");
    assertThat(statusReasonMessage(p, Conditions.SERVICE_CONFIGURED))
        .containsExactly("False", Conditions.Reason.INVALID_SPEC, "spec.log must list at least one audit class");
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void notAllowedForNamespaceReadsNothing() {
    fx.pgService();
    int before = fx.aiven.requests().total();
    PgAuditPolicy p = fx.put(policy(TEAM, "elsewhere", "pg-not-team-a").defaultToken().serviceScope().log(DDL).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_ALLOWED,
        "namespace team-a may not use the operator's default Aiven token on service acme/pg-not-team-a:"
            + " tenancy.namespaces[0] (namespace team-a) allows acme/pg-team-a, acme/pg-team-a-peers");
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(fx.aiven.requests().total()).isEqualTo(before);
  }

  @Test
  void managedRoleProtectedBeforePlanning() {
    PgAuditPolicy p = fx.put(policy(TEAM, "avnadmin-none", ALLOWED).defaultToken().roles("avnadmin").log(NONE).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.MANAGED_ROLE,
        "role avnadmin is managed by Aiven (tenancy.managedRoles.roles: avnadmin) and tenancy.managedRoles.allowLowering"
            + " is false, so a policy may not lower its auditing: pgaudit.log none on role \"avnadmin\"");
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void managedRoleProtectedAgainstAPeersAuditing() {
    PgAuditPolicy everything = fx.put(policy(TEAM, "everything-ddl", PEERS).defaultToken().serviceScope().log(DDL).build());
    PgAuditPolicy p = fx.put(policy(TEAM, "avnadmin-reads", PEERS).defaultToken().roles("avnadmin").log(READ).build());
    try {
      UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
      assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.MANAGED_ROLE,
          "role avnadmin is managed by Aiven (tenancy.managedRoles.roles: avnadmin) and tenancy.managedRoles.allowLowering"
              + " is false, so a policy may not lower its auditing: policy team-a/avnadmin-reads sets pgaudit.log on role"
              + " \"avnadmin\", which overrides team-a/everything-ddl's pgaudit.log on service: ddl no longer logged there");
      assertThat(control.isPatchStatus()).isTrue();
      assertThat(control.getScheduleDelay()).isEmpty();
      assertThat(warnings(TEAM, "avnadmin-reads")).containsExactly(Conditions.EventReason.MANAGED_ROLE);
    } finally {
      fx.cleanup(everything);
      fx.cleanup(p);
    }
  }

  @Test
  void cleanupOutsideTheAllowanceUndoesNothing() {
    int before = fx.aiven.requests().total();
    PgAuditPolicy p = fx.put(policy(TEAM, "gone-elsewhere", "pg-not-team-a").defaultToken().serviceScope().log(DDL).build());
    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(fx.aiven.requests().total()).isEqualTo(before);
  }

  @Test
  void cleanupOfAnInvalidSpecUndoesNothing() {
    PgAuditPolicy p = policy(fx.namespace(), "p", "pg-any").serviceScope().log(DDL).build();
    p.getSpec().setLog(List.of());
    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  private static List<String> warnings(String ns, String name) {
    return fx.client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
  }

  @Test
  void conflictOnTheSameScopeLosesToTheOlderPolicy() {
    String ns = fx.namespace();
    String service = fx.pgService();
    PgAuditPolicy first = fx.put(policy(ns, "first", service).serviceScope().log(DDL).token(ReconcilerFixture.TOKEN_SECRET, "token").build());
    PgAuditPolicy second = fx.put(policy(ns, "second", service).serviceScope().log(READ).token(ReconcilerFixture.TOKEN_SECRET, "token").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(second);
    assertThat(statusReasonMessage(second, Conditions.READY)).containsExactly("False", Conditions.Reason.CONFLICT, "conflicts with older policy "
        + ns + "/first on service pgaudit.log (wants [read], " + ns + "/first sets [ddl]); nothing of " + ns
        + "/second is applied until the conflict is resolved");
    assertThat(statusReasonMessage(second, Conditions.CONFLICT).subList(0, 2)).containsExactly("True", Conditions.Reason.CONFLICT);
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.empty());
    assertThat(first.getStatus()).isNull();
  }
}
