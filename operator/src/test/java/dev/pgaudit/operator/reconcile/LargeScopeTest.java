package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A DatabaseRole policy on many targets (here 12 databases × 10 roles, 2 settings: 240 SET
 * statements; the benchmark runs the CRD's maximum) lands exactly on every target in batched
 * transactions, tells its changes in a bounded number of Events, and its deletion resets them all.
 */
class LargeScopeTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  static {
    env.aiven.options().pgauditActivationDelay(Duration.ZERO);
  }

  @Test
  void manyTargetsLandExactlyWithBoundedEventsAndAreAllResetOnDelete() {
    String ns = env.namespace();
    String service = env.pgService();
    List<String> dbs = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (int i = 0; i < 12; i++) dbs.add(env.database("big"));
    for (int i = 0; i < 10; i++) roles.add(env.role("member"));
    env.create(policy(ns, "large", service).rolesInDatabases(roles, dbs).log(WRITE)
        .settings(s -> s.setLogParameter(true)).build());
    env.awaitReady(ns, "large");

    for (String db : dbs) {
      for (String role : roles) {
        assertThat(env.stored(db, role)).as(db + "/" + role)
            .isEqualTo(Map.of("pgaudit.log", "write", "pgaudit.log_parameter", "on"));
      }
    }
    // 120 targets changed: the first changes one by one, the rest as one count.
    var applied = env.events(ns, "large").stream().filter(e -> e.getReason().equals(Conditions.EventReason.APPLIED)).toList();
    assertThat(applied).hasSizeLessThanOrEqualTo(Applier.MAX_TOLD + 2);
    assertThat(applied).anySatisfy(e -> assertThat(e.getMessage()).contains("more change(s) of database/role settings"));

    env.delete(ns, "large");
    env.awaitGone(ns, "large");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (String db : dbs) {
        for (String role : roles) assertThat(env.stored(db, role)).as(db + "/" + role).isEmpty();
      }
    });
  }
}
