package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.ServiceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run that lands wakes one queued policy, never the whole queue: the most specific, first come first among equals. */
class ServiceFlightsTest {
  static final ServiceKey SERVICE = new ServiceKey("acme", "pg-1");
  static final ServiceKey OTHER = new ServiceKey("acme", "pg-2");

  final List<ResourceID> woken = new CopyOnWriteArrayList<>();
  final ServiceFlights flights = new ServiceFlights(woken::add);
  /** The thread whose runs hold the service (a run enters and leaves on its own thread); the test's thread queues. */
  final ExecutorService runner = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    runner.shutdownNow();
  }

  /** A run's start on the runner thread: true when it got the service. */
  boolean run(ServiceKey service, ResourceID policy) throws Exception {
    return runner.submit(() -> flights.tryEnter(service, policy, 0)).get();
  }

  /** The run on the runner thread lands. */
  void land(ServiceKey service) throws Exception {
    runner.submit(() -> flights.leave(service)).get();
  }

  static ResourceID policy(int i) {
    return new ResourceID("p" + i, "ns");
  }

  @Test
  void nPoliciesQueuedOnABusyServiceCostNWakeUpsInTheirOrder() throws Exception {
    assertThat(run(SERVICE, policy(0))).isTrue();
    for (int i = 1; i < 10; i++) assertThat(flights.tryEnter(SERVICE, policy(i), 0)).as("busy").isFalse();
    // Each woken policy runs, and its landing wakes the next: a chain, not a herd.
    land(SERVICE);
    for (int i = 1; i < 10; i++) {
      assertThat(woken).as("after run %d", i - 1).hasSize(i).last().isEqualTo(policy(i));
      assertThat(run(SERVICE, woken.get(woken.size() - 1))).isTrue();
      land(SERVICE);
    }
    assertThat(woken).containsExactlyElementsOf(IntStream.range(1, 10).mapToObj(ServiceFlightsTest::policy).toList());
  }

  @Test
  void theMostSpecificQueuedScopeIsWokenFirstAndEqualsInTheirOrder() throws Exception {
    assertThat(run(SERVICE, policy(0))).isTrue();
    ScopeLevel[] arriving = {ScopeLevel.Service, ScopeLevel.Database, ScopeLevel.Role, ScopeLevel.DatabaseRole,
        ScopeLevel.Database, ScopeLevel.Role, ScopeLevel.DatabaseRole};
    for (int i = 0; i < arriving.length; i++) {
      assertThat(flights.tryEnter(SERVICE, policy(i + 1), ServiceFlights.rankOf(arriving[i], true))).isFalse();
    }
    for (int i = 0; i < arriving.length; i++) {
      land(SERVICE);
      assertThat(run(SERVICE, woken.get(woken.size() - 1))).isTrue();
    }
    land(SERVICE);

    // DatabaseRole (4, 7), Role (3, 6), Database (2, 5), Service (1)
    assertThat(woken).containsExactly(policy(4), policy(7), policy(3), policy(6), policy(2), policy(5), policy(1));
  }

  @Test
  void anEditedPolicyIsWokenBeforePeersThatAreOnlyReChecked() throws Exception {
    assertThat(run(SERVICE, policy(0))).isTrue();
    assertThat(flights.tryEnter(SERVICE, policy(1), ServiceFlights.rankOf(ScopeLevel.DatabaseRole, false))).isFalse();
    assertThat(flights.tryEnter(SERVICE, policy(2), ServiceFlights.rankOf(ScopeLevel.Service, true))).isFalse();
    assertThat(flights.tryEnter(SERVICE, policy(3), ServiceFlights.rankOf(ScopeLevel.Role, false))).isFalse();
    for (int i = 0; i < 3; i++) {
      land(SERVICE);
      assertThat(run(SERVICE, woken.get(woken.size() - 1))).isTrue();
    }
    land(SERVICE);

    assertThat(woken).containsExactly(policy(2), policy(1), policy(3));
  }

  @Test
  void aQueuedPolicyThatGetsInByAnotherEventIsNotWokenAgain() throws Exception {
    assertThat(run(SERVICE, policy(0))).isTrue();
    assertThat(flights.tryEnter(SERVICE, policy(1), 0)).isFalse();
    assertThat(flights.tryEnter(SERVICE, policy(2), 0)).isFalse();
    land(SERVICE);
    assertThat(woken).containsExactly(policy(1));
    // policy 2 comes by a peer's event before policy 1's wake-up arrives.
    assertThat(run(SERVICE, policy(2))).isTrue();
    assertThat(flights.tryEnter(SERVICE, policy(1), 0)).isFalse();
    land(SERVICE);

    assertThat(woken).containsExactly(policy(1), policy(1));
  }

  @Test
  void servicesAreIndependentAndAFreeServiceWakesNobody() throws Exception {
    assertThat(run(SERVICE, policy(0))).isTrue();
    assertThat(flights.tryEnter(OTHER, policy(1), 0)).as("another service is not busy").isTrue();
    flights.leave(OTHER);
    land(SERVICE);
    assertThat(woken).isEmpty();
  }
}
