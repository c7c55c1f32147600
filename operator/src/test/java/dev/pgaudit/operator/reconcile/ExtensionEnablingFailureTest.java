package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The window while feature_enabled is applied is a passing state: its own reason, retried within seconds. */
class ExtensionEnablingFailureTest {
  private static final Finding ENABLING = new Finding(Finding.Kind.EXTENSION_NOT_READY, new SqlTarget.Database("orders"),
      null, "Cannot store pgaudit settings on database \"orders\" yet: the pgaudit extension is being enabled ...");

  @Test
  void isReportedAsExtensionEnablingAndRetriedWithinFiveSeconds() {
    ReconcileFailure f = ReconcileFailure.fromFinding(ENABLING, RetryDelays.defaults());

    assertThat(f.layer).isEqualTo(Layer.SQL);
    assertThat(f.reason).isEqualTo(Conditions.Reason.EXTENSION_ENABLING);
    assertThat(f.getMessage()).contains("being enabled");
    assertThat(f.retryAfter).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void neverWaitsLongerThanTheFastDelay() {
    RetryDelays quick = new RetryDelays(Duration.ofMillis(300), Duration.ofSeconds(2));
    assertThat(ReconcileFailure.fromFinding(ENABLING, quick).retryAfter).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aMissingGrantStaysAPermanentReasonRetriedSlowly() {
    Finding missing = new Finding(Finding.Kind.MISSING_PRIVILEGE, new SqlTarget.Database("orders"), null, "lacks SET");
    ReconcileFailure f = ReconcileFailure.fromFinding(missing, RetryDelays.defaults());
    assertThat(f.reason).isEqualTo(Conditions.Reason.MISSING_PRIVILEGE);
    assertThat(f.retryAfter).isEqualTo(RetryDelays.defaults().slow());
  }
}
