package dev.pgaudit.e2e;

import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import dev.pgaudit.operator.reconcile.RetryDelays;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the policies in examples/ point at, on the host: the Aiven simulator with project
 * demo-project, pg-demo (PostgreSQL 16 on the API, the real local cluster behind it) and os-demo,
 * and the databases and roles the examples name, created by avnadmin as on Aiven.
 */
final class DemoBackends implements AutoCloseable {
  static final String PROJECT = "demo-project";
  static final String PG_SERVICE = "pg-demo";
  static final String OPENSEARCH_SERVICE = "os-demo";
  private static final List<String> DATABASES = List.of("orders", "billing");
  private static final List<String> ROLES = List.of("app_rw", "reporting", "auditor");

  final PgAuditCluster pg;
  final AivenSimulator aiven;
  /** A fresh token per run; it only ever travels through the token Secret. */
  final String token = "e2e-" + UUID.randomUUID();

  private DemoBackends(PgAuditCluster pg, AivenSimulator aiven) {
    this.pg = pg;
    this.aiven = aiven;
  }

  static DemoBackends start() {
    PgAuditCluster pg = PgAuditCluster.launch();
    AivenSimulator aiven;
    try {
      aiven = AivenSimulator.start();
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    DemoBackends backends = new DemoBackends(pg, aiven);
    aiven.addToken(backends.token).addProject(PROJECT);
    aiven.addPgService(PROJECT, PG_SERVICE, "16", pg);
    aiven.addOpenSearchService(PROJECT, OPENSEARCH_SERVICE);
    try (Connection c = connect(pg.avnadminParams()); Statement s = c.createStatement()) {
      for (String db : DATABASES) s.execute("CREATE DATABASE " + db);
      for (String role : ROLES) s.execute("CREATE ROLE " + role + " LOGIN");
    } catch (SQLException e) {
      backends.close();
      throw new IllegalStateException("cannot create the demo databases and roles: " + e.getMessage(), e);
    }
    return backends;
  }

  /** Short timeouts and delays: everything answers on loopback. */
  ReconcilerSettings reconcilerSettings() {
    AivenClientConfig config = AivenClientConfig.defaults(aiven.baseUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
        .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(200));
    // The applied records live in the chart's release namespace, where its Role grants configmaps.
    return new ReconcilerSettings(config, () -> null, "no default token in the e2e test",
        new RetryDelays(Duration.ofMillis(500), Duration.ofSeconds(2)), 3)
        .withRecordNamespace(dev.pgaudit.testkit.rbac.ChartRbac.NAMESPACE);
  }

  /** user_config.pgaudit of pg-demo as the simulator stores it. */
  @SuppressWarnings("unchecked")
  Map<String, Object> pgauditUserConfig() {
    return (Map<String, Object>) aiven.userConfig(PROJECT, PG_SERVICE).getOrDefault("pgaudit", Map.of());
  }

  List<IntegrationSnapshot> logsIntegrations() {
    return aiven.integrations(PROJECT).stream().filter(i -> "logs".equals(i.type())).toList();
  }

  /** The settings stored for (database, role), either may be null, read straight from pg_db_role_setting. */
  Map<String, String> stored(String database, String role) {
    return pg.storedSettings(database, role);
  }

  private static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }

  @Override
  public void close() {
    try {
      aiven.close();
    } finally {
      pg.close();
    }
  }
}
