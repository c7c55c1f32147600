package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures the Aiven service answers with: ServiceNotFound, ServiceNotRunning, AivenApiError
 * (retryable: the fast delay; a refusal: the slow one) and UnsupportedPostgresVersion (read from
 * the service's pg_version, before any SQL).
 */
class AivenServiceReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  /** The writes a first service-scoped DDL policy makes, as a failure message lists them. */
  static final String WRITES = "service pgaudit.feature_enabled: (unset) -> true; service pgaudit.log: (unset) -> [ddl]";

  @Test
  void serviceNotFound() {
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", "pg-missing").serviceScope().log(DDL).build());
    String message = "Aiven service acme/pg-missing not found (it is not among the services of project acme)";
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.SERVICE_NOT_FOUND, message);
    assertThat(statusReasonMessage(p, Conditions.SERVICE_CONFIGURED))
        .containsExactly("False", Conditions.Reason.SERVICE_NOT_FOUND, message);
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
  }

  @Test
  void serviceNotRunningWritesNothing() {
    String service = fx.pgService();
    fx.aiven.setState(ReconcilerFixture.PROJECT, service, "REBUILDING");
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.SERVICE_NOT_RUNNING,
        "service acme/" + service + " is REBUILDING; waiting for RUNNING");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
    assertThat(fx.aiven.userConfig(ReconcilerFixture.PROJECT, service)).doesNotContainKey("pgaudit");
  }

  /**
   * A transient failure is JOSDK's to retry: from the fast delay, half as long again each time up to
   * the slow one; once the retry's attempts are used up the policy is looked at every slow delay,
   * and the status is written once, not at every attempt.
   */
  @Test
  void aServiceThatStaysNotRunningIsRetriedByJosdkThenLookedAtSlowly() {
    String service = fx.pgService();
    fx.aiven.setState(ReconcilerFixture.PROJECT, service, "REBUILDING");
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).build());
    long fast = fx.settings.delays().fast().toMillis();
    List<Optional<Long>> delays = new ArrayList<>();
    List<Boolean> written = new ArrayList<>();
    for (int attempt = 0; attempt <= fx.settings.maxCleanupAttempts(); attempt++) {
      UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
      delays.add(control.getScheduleDelay());
      written.add(control.isPatchStatus());
    }
    assertThat(delays).containsExactly(Optional.of(fast), Optional.of(fast), Optional.of(fast * 3 / 2),
        Optional.of(fx.settings.delays().slow().toMillis()));
    assertThat(written).containsExactly(true, false, false, false);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.SERVICE_NOT_RUNNING,
        "service acme/" + service + " is REBUILDING; waiting for RUNNING");
  }

  @Test
  void aivenErrorThatOutlastsTheClientRetriesIsRetriedSoon() {
    String service = fx.pgService();
    fx.aiven.faults().inject(3, Fault.status(503), "PUT", AivenSimulator.SERVICE_PATH);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.AIVEN_API_ERROR,
        WRITES + " failed: update pgaudit settings of service acme/" + service
            + " failed after 3 attempts (HTTP 503: Service temporarily unavailable)");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
  }

  @Test
  void aivenRefusalIsRetriedSlowly() {
    String service = fx.pgService();
    fx.aiven.faults().inject(1, Fault.status(400), "PUT", AivenSimulator.SERVICE_PATH);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).serviceScope().log(DDL).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.AIVEN_API_ERROR,
        WRITES + " failed: update pgaudit settings of service acme/" + service + " was rejected by Aiven (HTTP 400: Error 400)");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
  }

  @Test
  void unsupportedPostgresVersionForSqlScopes() {
    String service = fx.pgService("14");
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", service).databases("orders").log(READ).build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.UNSUPPORTED_POSTGRES_VERSION,
        "service " + service + " runs PostgreSQL 14; database and role scopes need PostgreSQL 15 or later");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
  }
}
