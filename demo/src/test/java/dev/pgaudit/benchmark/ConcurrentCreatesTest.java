package dev.pgaudit.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConcurrentCreatesTest {
  private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

  @Test
  void everyItemIsCreatedOnceWithEightInFlight() {
    Set<Integer> created = ConcurrentHashMap.newKeySet();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    // The first eight wait for each other: they can only all get here if eight run at once.
    CountDownLatch firstEight = new CountDownLatch(ConcurrentCreates.IN_FLIGHT);

    ConcurrentCreates.forEach(HUNDRED, i -> {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      if (i < ConcurrentCreates.IN_FLIGHT) {
        firstEight.countDown();
        awaitQuietly(firstEight);
      }
      assertThat(created.add(i)).isTrue();
      inFlight.decrementAndGet();
    });

    assertThat(created).containsExactlyInAnyOrderElementsOf(HUNDRED);
    assertThat(mostInFlight.get()).isEqualTo(ConcurrentCreates.IN_FLIGHT);
  }

  @Test
  void aFailedCreateIsThrownToTheCaller() {
    assertThatThrownBy(() -> ConcurrentCreates.forEach(HUNDRED, i -> {
      if (i == 42) throw new IllegalArgumentException("policy 42 refused");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("policy 42 refused");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
