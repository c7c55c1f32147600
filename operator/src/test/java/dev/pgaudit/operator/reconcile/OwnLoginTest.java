package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sharing an observation spares a policy the read, never the proof that its own credentials work:
 * a policy whose connection Secret cannot log in is not Ready, even when a peer's read already
 * shows its settings in place.
 */
class OwnLoginTest {
  /** One shared observation for the whole test: the second policy never needs to read anything. */
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5), Duration.ofMinutes(5));

  private static Map<String, String> connectionAs(String user) {
    PgLogin p = env.pg.avnadminParams();
    return Map.of("host", p.host(), "port", Integer.toString(p.port()), "user", user,
        "password", "not-checked-by-the-sandbox", "dbname", p.dbname(), "sslmode", "disable");
  }

  @Test
  void aPolicyWhoseSecretCannotLogInIsNotReadyWhileItsPeerWithGoodCredentialsIs() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String locked = "locked_" + ns;
    env.sqlAsAvnadmin("CREATE ROLE " + OperatorTestEnv.quote(locked) + " NOLOGIN");
    env.create(policy(ns, "peer", service).databases(orders).log(READ).build());
    env.awaitReady(ns, "peer");

    // Same token, same database, same settings: the peer's observation already shows them in place.
    env.putSecret(ns, "locked-login", connectionAs(locked));
    env.create(policy(ns, "locked", service).databases(orders).log(READ).connection("locked-login").build());
    Condition ready = env.awaitCondition(ns, "locked", Conditions.READY, "False", Conditions.Reason.LOGIN_FAILED);
    assertThat(ready.getMessage()).contains("as user \"" + locked + "\"").contains("not permitted to log in");
    env.awaitCondition(ns, "locked", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.LOGIN_FAILED);
    env.awaitReady(ns, "peer");
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));

    // A Secret naming a user that can log in is picked up (Secrets are watched) and proven at once.
    env.putSecret(ns, "locked-login", connectionAs(env.pg.avnadminParams().user()));
    env.awaitReady(ns, "locked");
  }
}
