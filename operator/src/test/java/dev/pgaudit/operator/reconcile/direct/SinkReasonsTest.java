package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sink failures, on a service-scoped policy (no SQL): SinkStarting (the simulator activates an
 * integration 300 ms after it is created, so the reconcile that creates it sees it starting),
 * SinkFailed, SinkDestinationNotFound and SinkDestinationNotRunning.
 */
class SinkReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  static final String STARTING = "the logs integration to acme/%s is not active yet (status starting); checked again within seconds";

  @Test
  void sinkStartingIsLookedAtAgainSoon() {
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addOpenSearchService(PROJECT, os);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.SINK_INTEGRATED)).containsExactly("False", Conditions.Reason.SINK_STARTING, STARTING.formatted(os));
    assertThat(statusReasonMessage(p, Conditions.READY))
        .containsExactly("False", Conditions.Reason.SINK_STARTING, STARTING.formatted(os));
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
  }

  @Test
  void sinkFailedCarriesAivensErrors() {
    String os = ReconcilerFixture.unique("os");
    String service = fx.pgService();
    fx.aiven.addOpenSearchService(PROJECT, os);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).sink(os, "audit", 3).build());
    fx.reconcile(p);
    String id = fx.aiven.integrations(PROJECT).stream().filter(i -> service.equals(i.sourceService())).findFirst()
        .orElseThrow().id();
    fx.aiven.failIntegration(PROJECT, id, List.of("index creation refused"), "the destination is full");
    // A failure shows once the integration has left "starting": with no activation delay, at once.
    fx.aiven.options().integrationActivationDelay(Duration.ZERO);
    UpdateControl<PgAuditPolicy> control;
    try {
      control = fx.reconcile(p);
    } finally {
      fx.aiven.options().integrationActivationDelay(Duration.ofMillis(300));
    }
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.SINK_FAILED, "the logs integration to acme/"
        + os + " has failed: index creation refused; likely cause: the destination is full; audit logs do not reach OpenSearch");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
  }

  @Test
  void sinkDestinationNotFoundCreatesNoIntegration() {
    String service = fx.pgService();
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).sink("os-missing", "audit", 3).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.SINK_DESTINATION_NOT_FOUND,
        "the sink's OpenSearch service acme/os-missing does not exist; no integration was created");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
    assertThat(fx.aiven.integrations(PROJECT)).noneMatch(i -> service.equals(i.sourceService()));
  }

  @Test
  void sinkDestinationNotRunningIsLookedAtAgainSoon() {
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addOpenSearchService(PROJECT, os);
    fx.aiven.setState(PROJECT, os, "POWEROFF");
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False",
        Conditions.Reason.SINK_DESTINATION_NOT_RUNNING, "the sink's OpenSearch service acme/" + os
            + " is POWEROFF; no integration is created until it is RUNNING");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
  }
}
