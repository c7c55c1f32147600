package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whether a write is told as Applied or DriftCorrected comes from what this reconciler process
 * reported in force (InForce), never from the status read back: drift at a generation it reported
 * Ready=True Reconciled is DriftCorrected; an edit, a correction after a failed reconcile, and the
 * first correction after a restart (a new process has seen nothing in force) are Applied.
 */
class AppliedOrDriftCorrectedTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  private static final String APPLIED = Conditions.EventReason.APPLIED;
  private static final String DRIFT_CORRECTED = Conditions.EventReason.DRIFT_CORRECTED;

  /** A Service-scope policy reconciled once: Ready=True Reconciled. */
  private static PgAuditPolicy reconciled(String ns, String service) {
    PgAuditPolicy p = fx.put(policy(ns, "p", service).serviceScope().log(DDL).build());
    fx.reconcile(p);
    assertReconciled(p);
    return p;
  }

  private static void assertReconciled(PgAuditPolicy p) {
    assertThat(statusReasonMessage(p, Conditions.READY).subList(0, 2)).containsExactly("True", Conditions.Reason.RECONCILED);
  }

  /** Someone sets the service's pgaudit.log to [all] behind the operator's back. */
  private static void drift(String service) {
    fx.aiven.putUserConfigDirectly(PROJECT, service, Map.of("pgaudit", Map.of("log", List.of("all"))));
  }

  /** The Normal Events of the namespace, as "reason: message xcount". */
  private static List<String> told(String ns) {
    return fx.client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Normal".equals(e.getType()))
        .map(e -> e.getReason() + ": " + e.getMessage() + " x" + e.getCount()).toList();
  }

  @Test
  void driftIsCorrectedAtTheGenerationReportedInForceAndAppliedFirstAfterARestart() {
    String ns = fx.namespace();
    String service = fx.pgService();
    PgAuditPolicy p = reconciled(ns, service);
    String created = APPLIED + ": service pgaudit.feature_enabled: (unset) -> true; service pgaudit.log: (unset) -> [ddl] x1";
    assertThat(told(ns)).containsExactly(created);

    drift(service);
    fx.reconcile(p);
    assertReconciled(p);
    assertThat(told(ns)).containsExactlyInAnyOrder(created, DRIFT_CORRECTED + ": service pgaudit.log: [all] -> [ddl] x1");

    // A new process: the status still says Ready=True Reconciled at this generation, but it has
    // not seen the spec in force itself, so it applies it.
    fx.restartReconciler();
    drift(service);
    fx.reconcile(p);
    assertReconciled(p);
    assertThat(told(ns)).containsExactlyInAnyOrder(created, DRIFT_CORRECTED + ": service pgaudit.log: [all] -> [ddl] x1",
        APPLIED + ": service pgaudit.log: [all] -> [ddl] x1");

    // From its own Ready=True Reconciled on, drift is corrected again.
    drift(service);
    fx.reconcile(p);
    assertThat(told(ns)).containsExactlyInAnyOrder(created, DRIFT_CORRECTED + ": service pgaudit.log: [all] -> [ddl] x2",
        APPLIED + ": service pgaudit.log: [all] -> [ddl] x1");
  }

  @Test
  void anEditAndACorrectionAfterAFailedReconcileAreApplied() {
    String ns = fx.namespace();
    String service = fx.pgService();
    PgAuditPolicy p = reconciled(ns, service);
    p.getSpec().setLog(new ArrayList<>(List.of(DDL, ROLE)));
    PgAuditPolicy edited = fx.put(p);
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2);
    fx.reconcile(edited);
    assertReconciled(edited);
    String created = APPLIED + ": service pgaudit.feature_enabled: (unset) -> true; service pgaudit.log: (unset) -> [ddl] x1";
    String edit = APPLIED + ": service pgaudit.log: [ddl] -> [ddl, role] x1";
    assertThat(told(ns)).containsExactlyInAnyOrder(created, edit);

    // Drift whose correction fails (the client's 3 attempts): the failed reconcile forgets the spec in force.
    drift(service);
    fx.aiven.faults().inject(3, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);
    fx.reconcile(edited);
    assertThat(statusReasonMessage(edited, Conditions.READY).subList(0, 2))
        .containsExactly("False", Conditions.Reason.AIVEN_API_ERROR);
    assertThat(told(ns)).containsExactlyInAnyOrder(created, edit);

    fx.reconcile(edited);
    assertReconciled(edited);
    assertThat(told(ns)).containsExactlyInAnyOrder(created, edit, APPLIED + ": service pgaudit.log: [all] -> [ddl, role] x1");
  }
}
