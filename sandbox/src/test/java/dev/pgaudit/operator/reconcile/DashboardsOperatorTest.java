package dev.pgaudit.operator.reconcile;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The operator with a short resync (DashboardsReady is re-checked at every one) and, per test, a
 * new OpenSearch service backed by its own Dashboards stand-in.
 */
abstract class DashboardsOperatorTest {
  static OperatorTestEnv env;
  DashboardsFixture os;

  @BeforeAll
  static void start() {
    env = OperatorTestEnv.start(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void openSearch() {
    os = new DashboardsFixture(env);
  }

  @AfterEach
  void closeOpenSearch() {
    os.close();
    env.aiven.options().integrationActivationDelay(Duration.ofMillis(300));
  }
}
