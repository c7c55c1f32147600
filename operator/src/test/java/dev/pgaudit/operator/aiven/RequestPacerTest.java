package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestPacerTest {
  static final long MS = 1_000_000;

  @Test
  void aBurstGoesOutAtOnceThenRequestsQueueAtTheRate() {
    RequestPacer pacer = RequestPacer.perSecond(10, 3);
    long t0 = 1_000 * MS;
    assertThat(pacer.reserve("k", t0)).isZero();
    assertThat(pacer.reserve("k", t0)).isZero();
    assertThat(pacer.reserve("k", t0)).isZero();
    // The fourth and fifth wait for the next slots, 100 ms apart, in arrival order.
    assertThat(pacer.reserve("k", t0)).isEqualTo(100 * MS);
    assertThat(pacer.reserve("k", t0)).isEqualTo(200 * MS);
    // 150 ms later the queue has moved on by one and a half slots.
    assertThat(pacer.reserve("k", t0 + 150 * MS)).isEqualTo(150 * MS);
  }

  @Test
  void aQuietPeriodRefillsNoMoreThanTheBurst() {
    RequestPacer pacer = RequestPacer.perSecond(10, 2);
    long t0 = 0;
    pacer.reserve("k", t0);
    pacer.reserve("k", t0);
    long later = t0 + 60_000 * MS;
    assertThat(pacer.reserve("k", later)).isZero();
    assertThat(pacer.reserve("k", later)).isZero();
    assertThat(pacer.reserve("k", later)).isEqualTo(100 * MS);
  }

  @Test
  void eachTokenHasItsOwnBudget() {
    RequestPacer pacer = RequestPacer.perSecond(1, 1);
    assertThat(pacer.reserve("token-a", 0)).isZero();
    assertThat(pacer.reserve("token-b", 0)).isZero();
    assertThat(pacer.reserve("token-a", 0)).isEqualTo(1_000 * MS);
  }

  @Test
  void zeroMeansUnlimited() throws InterruptedException {
    RequestPacer pacer = RequestPacer.perSecond(0, 1);
    assertThat(pacer.isLimited()).isFalse();
    for (int i = 0; i < 1_000; i++) assertThat(pacer.acquire("k")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> RequestPacer.perSecond(-1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSevenArgumentConfigIsUnpaced() {
    AivenClientConfig config = new AivenClientConfig(AivenClientConfig.DEFAULT_BASE_URL, Duration.ofSeconds(1),
        Duration.ofSeconds(1), 0, Duration.ZERO, Duration.ZERO, AivenClientConfig.CallObserver.NONE);
    assertThat(config.pacer().isLimited()).isFalse();
    assertThat(config.withPacer(RequestPacer.perSecond(5, 5)).withRetries(1, Duration.ZERO, Duration.ZERO).pacer().perSecond())
        .isEqualTo(5);
  }
}
