package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What SinkIntegrated says of an integration Aiven reports starting, failed or running (no destination read here). */
class SinkStateTest {
  static final ServiceKey PG = new ServiceKey("acme", "pg-1");
  static final Slot.LogsIntegration SLOT = new Slot.LogsIntegration("acme", "os-audit");

  static Observed with(boolean active, String status, String problem) {
    return new Observed(PG, Map.of(), null, List.of(new ServiceIntegration("i-1", "logs", "acme", "pg-1", "acme",
        "os-audit", true, active, Map.of(), status, problem)));
  }

  /** Just created: its destination was read before the POST, so none is read now. */
  static java.util.Optional<SinkState.Problem> of(Observed observed) {
    return SinkState.of(List.of(SLOT), observed, null, Set.of(SLOT), RetryDelays.defaults());
  }

  @Test
  void aStartingIntegrationIsSinkStartingAndLookedAtAgainWithinTwoSeconds() {
    SinkState.Problem p = of(with(false, "starting", null)).orElseThrow();
    assertThat(p.state()).isEqualTo(LayerState.failed(Conditions.Reason.SINK_STARTING,
        "the logs integration to acme/os-audit is not active yet (status starting); checked again within seconds"));
    assertThat(p.retryAfter()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aFailedIntegrationSaysWhyAndIsRetriedSlowly() {
    SinkState.Problem p = of(with(false, "failed", "Connection refused; likely cause: destination")).orElseThrow();
    assertThat(p.state().reason()).isEqualTo(Conditions.Reason.SINK_FAILED);
    assertThat(p.state().message()).contains("has failed: Connection refused; likely cause: destination");
    assertThat(p.retryAfter()).isEqualTo(RetryDelays.defaults().slow());
  }

  @Test
  void onlyAnActiveIntegrationThatHasNotFailedIsInForce() {
    assertThat(of(with(true, "running", null))).isEmpty();
    assertThat(of(with(true, null, null))).isEmpty();
    assertThat(of(with(true, "failed", "x")).orElseThrow().state().reason()).isEqualTo(Conditions.Reason.SINK_FAILED);
  }
}
