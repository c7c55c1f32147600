package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.AuditClass;
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

  /**
   * Started per subclass, not as a static final extension field: that would be one environment for
   * every subclass, closed after the first.
   */
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

  /** A Service-scope policy (ddl) shipping to this test's OpenSearch with dashboards on, awaited Ready. */
  void createReady(String ns, String name, String service, String prefix) {
    env.create(DashboardsFixture.withDashboards(PolicyBuilder.policy(ns, name, service).serviceScope()
        .log(AuditClass.DDL).sink(os.opensearch, prefix, 3).build(), true));
    env.awaitReady(ns, name);
  }

  @AfterEach
  void closeOpenSearch() {
    os.close();
    env.aiven.options().integrationActivationDelay(Duration.ofMillis(300));
  }
}
