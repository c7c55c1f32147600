package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Secret and token failures: SecretMissing (token and connection Secret), InvalidSecret and
 * InvalidToken. A missing or invalid Secret is not retried on a timer (the Secret is watched, so
 * fixing it reconciles); a token Aiven refuses is looked at again after the slow delay.
 */
class SecretReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  @Test
  void secretMissingWaitsForTheSecret() {
    String ns = fx.namespace();
    PgAuditPolicy p = fx.put(policy(ns, "p", fx.pgService()).serviceScope().log(DDL).token("later", "token").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY))
        .containsExactly("False", Conditions.Reason.SECRET_MISSING, "secret " + ns + "/later does not exist");
    assertThat(statusReasonMessage(p, Conditions.SERVICE_CONFIGURED))
        .containsExactly("False", Conditions.Reason.SECRET_MISSING, "secret " + ns + "/later does not exist");
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void secretWithoutTheKeyIsMissingTheKey() {
    String ns = fx.namespace();
    fx.putSecret(ns, "other-key", Map.of("apikey", ReconcilerFixture.TOKEN));
    PgAuditPolicy p = fx.put(policy(ns, "p", fx.pgService()).serviceScope().log(DDL).token("other-key", "token").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY))
        .containsExactly("False", Conditions.Reason.SECRET_MISSING, "secret " + ns + "/other-key has no key token");
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void invalidSecretNamesTheKeyNotTheValue() {
    String ns = fx.namespace();
    fx.putSecret(ns, "spaced", Map.of("token", "two words"));
    PgAuditPolicy p = fx.put(policy(ns, "p", fx.pgService()).serviceScope().log(DDL).token("spaced", "token").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.INVALID_SECRET,
        "secret " + ns + "/spaced key token has characters an Aiven token cannot have (spaces, control or non-ASCII characters)");
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void invalidTokenIsLookedAtAgainSlowly() {
    String ns = fx.namespace();
    fx.putSecret(ns, "stale", Map.of("token", "expired-token-value-42"));
    PgAuditPolicy p = fx.put(policy(ns, "p", fx.pgService()).serviceScope().log(DDL).token("stale", "token").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.INVALID_TOKEN,
        "the Aiven token in secret " + ns + "/stale is invalid or expired (HTTP 401: Missing (expired) db token)");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().slow().toMillis()));
  }

  @Test
  void connectionSecretMissingIsAnSqlFailure() {
    String ns = fx.namespace();
    PgAuditPolicy p = fx.put(policy(ns, "p", fx.pgService()).databases("orders").log(DDL).connection("no-such-login").build());
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY))
        .containsExactly("False", Conditions.Reason.SECRET_MISSING, "secret " + ns + "/no-such-login does not exist");
    assertThat(statusReasonMessage(p, Conditions.SQL_SETTINGS_APPLIED))
        .containsExactly("False", Conditions.Reason.SECRET_MISSING, "secret " + ns + "/no-such-login does not exist");
    assertThat(control.getScheduleDelay()).isEmpty();
  }
}
