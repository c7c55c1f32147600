package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * AppliedRecordUnavailable (the Kubernetes API refuses the applied record, which is written before
 * anything on the service) and Waiting (a layer not reached because an earlier one failed).
 */
class RecordAndWaitingReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  @Test
  void appliedRecordUnavailableWritesNothingOnTheService() {
    String service = fx.pgService();
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).build());
    fx.kube.faults().inject(1, 403, "POST", ".*/configmaps.*");
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY).subList(0, 2))
        .containsExactly("False", Conditions.Reason.RECORD_UNAVAILABLE);
    // The record's name is a hash of the service (a package-private codec decides it).
    assertThat(statusReasonMessage(p, Conditions.READY).get(2)).matches("could not write the applied record "
        + "pgaudit-system/pgaudit-applied-[0-9a-f]{20} of acme/" + service + " \\(HTTP 403\\); nothing more is written until it can be");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
    assertThat(fx.aiven.userConfig(ReconcilerFixture.PROJECT, service)).doesNotContainKey("pgaudit");
  }

  @Test
  void theSqlLayerWaitsWhileTheServiceIsNotRunning() {
    String service = fx.pgService();
    fx.aiven.setState(ReconcilerFixture.PROJECT, service, "REBUILDING");
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).databases("orders").log(READ).build());
    fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.SQL_SETTINGS_APPLIED)).containsExactly("Unknown", Conditions.Reason.WAITING,
        "not checked: service acme/" + service + " is REBUILDING; waiting for RUNNING");
  }
}
