package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import io.fabric8.kubernetes.api.model.Event;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cleanup failures: a failed undo keeps the finalizer, reports the reason in status and is retried
 * after the failure's delay; after the last attempt the finalizer goes (CleanupAbandoned); a
 * service that is gone has nothing left to undo.
 */
class CleanupReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  private static PgAuditPolicy applied(String ns, String service) {
    PgAuditPolicy p = fx.put(policy(ns, "p", service).serviceScope().log(DDL).build());
    fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY).subList(0, 2)).containsExactly("True", Conditions.Reason.RECONCILED);
    return p;
  }

  @Test
  void aFailedUndoKeepsTheFinalizerAndSaysWhy() {
    String service = fx.pgService();
    PgAuditPolicy p = applied(fx.namespace(), service);
    fx.aiven.faults().inject(3, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);
    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.AIVEN_API_ERROR,
        "cleanup attempt 1 of 3 failed: service pgaudit.log: [ddl] -> []; service pgaudit.feature_enabled: true -> false failed:"
            + " update pgaudit settings of service acme/" + service + " failed after 3 attempts (HTTP 503: Service temporarily unavailable)");
    assertThat(fx.aiven.userConfig(PROJECT, service)).containsKey("pgaudit");
  }

  @Test
  void theLastAttemptLetsThePolicyGo() {
    String ns = fx.namespace();
    String service = fx.pgService();
    PgAuditPolicy p = applied(ns, service);
    fx.aiven.faults().inject(9, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);
    int attempts = fx.settings.maxCleanupAttempts();
    for (int attempt = 1; attempt < attempts; attempt++) {
      assertThat(fx.cleanup(p).isRemoveFinalizer()).isFalse();
    }
    DeleteControl last = fx.cleanup(p);
    assertThat(last.isRemoveFinalizer()).isTrue();
    assertThat(last.getScheduleDelay()).isEmpty();
    List<String> warnings = fx.client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType())).map(Event::getReason).toList();
    assertThat(warnings).contains(Conditions.EventReason.CLEANUP_ABANDONED);
  }

  @Test
  void aServiceThatIsGoneHasNothingToUndo() {
    String service = fx.pgService();
    PgAuditPolicy p = applied(fx.namespace(), service);
    fx.aiven.removeService(PROJECT, service);
    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(control.getScheduleDelay()).isEmpty();
  }
}
