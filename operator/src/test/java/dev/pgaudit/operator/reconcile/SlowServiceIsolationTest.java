package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service that answers 429 with Retry-After: 60 holds one reconcile at a time and never the
 * others: its peers wait in a queue (no thread blocked), and the policies of other services
 * converge while its first PUT is still waiting out the Retry-After.
 */
class SlowServiceIsolationTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  static {
    env.aiven.options().pgauditActivationDelay(Duration.ZERO);
  }

  @AfterAll
  static void clearFaults() {
    env.aiven.faults().clear();
  }

  @Test
  void aServiceAnswering429WithRetryAfter60DoesNotStopOtherServicesFromConverging() {
    String ns = env.namespace();
    String slow = env.pgService();
    String slowPath = "/project/" + OperatorTestEnv.PROJECT + "/service/" + slow;
    env.aiven.faults().injectAt(1000, Fault.tooManyRequests(60), "PUT", slowPath);
    // More policies on the slow service than the operator has reconcile threads (4).
    for (int i = 0; i < 6; i++) env.create(policy(ns, "slow-" + i, slow).databases(env.database("slow")).log(READ).build());
    await().atMost(Duration.ofSeconds(60)).until(() ->
        env.aiven.requests().entries().stream().anyMatch(e -> e.path().endsWith(slowPath) && e.status() == 429));

    List<String> others = List.of(env.pgService(), env.pgService());
    for (String service : others) {
      for (int i = 0; i < 3; i++) {
        env.create(policy(ns, service + "-" + i, service).databases(env.database("fast")).log(READ).build());
      }
    }
    // Generous, yet shorter than the slow service's first run: two Retry-After waits of 60 s.
    await().atMost(Duration.ofSeconds(100)).untilAsserted(() -> {
      for (String service : others) {
        for (int i = 0; i < 3; i++) env.awaitReady(ns, service + "-" + i);
      }
    });
    // The slow service is still on its first PUT: none of its policies got anywhere meanwhile.
    long slowPuts = env.aiven.requests().entries().stream().filter(e -> e.path().endsWith(slowPath)).count();
    assertThat(slowPuts).isLessThanOrEqualTo(3);
    for (int i = 0; i < 6; i++) {
      assertThat(env.get(ns, "slow-" + i).getStatus() == null
          || env.get(ns, "slow-" + i).getStatus().getConditions().stream()
              .noneMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()))).isTrue();
    }
  }
}
