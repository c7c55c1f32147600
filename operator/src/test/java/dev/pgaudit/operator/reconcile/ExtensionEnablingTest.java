package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Between the PUT that turns feature_enabled on and its effect (reference §7.5; the simulator
 * withholds avnadmin's SET on pgaudit.* and the extension meanwhile), the SQL layer reports a
 * passing state, never a permanent-sounding reason, and converges on its own.
 */
class ExtensionEnablingTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void aLongActivationIsReportedAsExtensionEnablingThenConverges() {
    env.aiven.options().pgauditActivationDelay(Duration.ofSeconds(4));
    try {
      String ns = env.namespace();
      String service = env.pgService();
      String orders = env.database("orders");
      env.create(policy(ns, "p", service).databases(orders).log(READ, WRITE).build());

      Condition sql = env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.EXTENSION_ENABLING);
      assertThat(sql.getMessage()).contains("pgaudit extension is being enabled", orders);
      Condition ready = env.condition(ns, "p", Conditions.READY).orElseThrow();
      assertThat(ready.getReason()).isIn(Conditions.Reason.EXTENSION_ENABLING, Conditions.Reason.WAITING);
      assertThat(env.stored(orders, null)).isEmpty();

      env.awaitReady(ns, "p");
      assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read, write"));
    } finally {
      env.aiven.options().pgauditActivationDelay(Duration.ofMillis(300));
    }
  }

  @Test
  void theDefaultShortWindowPassesWithoutAnyoneNoticing() {
    String ns = env.namespace();
    String service = env.pgService();
    String billing = env.database("billing");
    env.create(policy(ns, "p", service).databases(billing).log(READ).build());
    env.awaitReady(ns, "p");
    assertThat(env.stored(billing, null)).isEqualTo(Map.of("pgaudit.log", "read"));
  }
}
