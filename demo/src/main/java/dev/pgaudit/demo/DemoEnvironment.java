package dev.pgaudit.demo;

import dev.pgaudit.operator.OperatorFactory;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import dev.pgaudit.operator.reconcile.RetryDelays;
import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.operator.tenancy.TenancyRules;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.SimulatorOptions;
import dev.pgaudit.testkit.kube.EmbeddedKubernetes;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything the demo runs against, on loopback: a throwaway PostgreSQL + pgaudit standing in for
 * pg-demo's SQL side, the Aiven API simulator, os-demo's OpenSearch Dashboards stand-in, the
 * embedded Kubernetes API, and the real operator.
 * The names match the manifests in examples/.
 */
final class DemoEnvironment implements AutoCloseable {
  static final String NAMESPACE = "demo";
  static final String PROJECT = "demo-project";
  static final String PG_SERVICE = "pg-demo";
  static final String PG_VERSION = "16";
  static final String OPENSEARCH_SERVICE = "os-demo";
  /**
   * The demo's rule set, as a platform team would write it in the Helm value tenancy: namespace
   * demo may use pg-demo and os-demo, and (restrictOwnTokens) that binds the examples' own token too.
   */
  static final TenancyRules TENANCY = TenancyParser.parse("""
      restrictOwnTokens: true
      namespaces:
        - namespace: %s
          services: [{project: %s, service: %s}, {project: %s, service: %s}]
      """.formatted(NAMESPACE, PROJECT, PG_SERVICE, PROJECT, OPENSEARCH_SERVICE));
  static final List<String> DATABASES = List.of("orders", "billing");
  static final List<String> LOGIN_ROLES = List.of("app_rw", "reporting");
  /** Named by the Service-scope example as pgaudit.role (object audit); it never logs in. */
  static final String AUDITOR_ROLE = "auditor";

  /** Short delays and resync, so the demo converges, retries and cleans up within seconds. */
  private static final Duration RESYNC = Duration.ofSeconds(10);
  private static final RetryDelays DELAYS = new RetryDelays(Duration.ofMillis(300), Duration.ofSeconds(2));

  final PgAuditCluster pg;
  final AivenSimulator aiven;
  final EmbeddedKubernetes kube;
  /** os-demo's OpenSearch Dashboards. */
  final DashboardsStandIn dashboards;
  final String token;
  private Operator operator;

  private DemoEnvironment(PgAuditCluster pg, AivenSimulator aiven, EmbeddedKubernetes kube, DashboardsStandIn dashboards,
      String token) {
    this.pg = pg;
    this.aiven = aiven;
    this.kube = kube;
    this.dashboards = dashboards;
    this.token = token;
  }

  /** Starts PostgreSQL, the simulator and the Kubernetes API; on failure stops what had started. */
  static DemoEnvironment start() {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      PgAuditCluster pg = PgAuditCluster.launch();
      started.add(pg);
      AivenSimulator aiven = AivenSimulator.start(0, new SimulatorOptions());
      started.add(aiven);
      EmbeddedKubernetes kube = EmbeddedKubernetes.start();
      started.add(kube);
      String token = "demo-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
      aiven.addToken(token).addProject(PROJECT);
      aiven.addPgService(PROJECT, PG_SERVICE, PG_VERSION, pg);
      DashboardsStandIn dashboards = DashboardsStandIn.start("avnadmin",
          HexFormat.of().formatHex(new SecureRandom().generateSeed(8)));
      started.add(dashboards);
      aiven.addOpenSearchService(PROJECT, OPENSEARCH_SERVICE, dashboards);
      return new DemoEnvironment(pg, aiven, kube, dashboards, token);
    } catch (RuntimeException e) {
      started.forEach(DemoEnvironment::closeQuietly);
      throw e;
    }
  }

  KubernetesClient client() {
    return kube.client();
  }

  PgLogin avnadmin(String database) {
    return pg.avnadminParams(database);
  }

  /** A new session of {@code role} in {@code database}; the throwaway cluster trusts loopback, so no password. */
  PgLogin session(String role, String database) {
    PgLogin admin = pg.avnadminParams(database);
    return new PgLogin(admin.host(), admin.port(), role, null, database, admin.sslmode());
  }

  /**
   * What exists on an Aiven service before anyone audits it, made the Aiven way (as avnadmin, the
   * owner): the databases and roles the examples name, and a table with rows in each database.
   * Returns a one-line description per object for the output.
   */
  List<String> createApplicationObjects() {
    Sql.execute(avnadmin(PgAuditCluster.ADMIN_DATABASE),
        "CREATE DATABASE orders", "CREATE DATABASE billing",
        "CREATE ROLE app_rw LOGIN", "CREATE ROLE reporting LOGIN", "CREATE ROLE auditor NOLOGIN");
    Sql.execute(avnadmin("orders"),
        "CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL,"
            + " status text NOT NULL DEFAULT 'new')",
        "INSERT INTO orders (customer, amount) VALUES ('acme', 120.00), ('globex', 75.50)",
        "GRANT SELECT, INSERT, UPDATE ON orders TO app_rw",
        "GRANT USAGE ON SEQUENCE orders_id_seq TO app_rw");
    Sql.execute(avnadmin("billing"),
        "CREATE TABLE invoices (id serial PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) NOT NULL)",
        "INSERT INTO invoices (customer, amount) VALUES ('acme', 120.00), ('acme', 30.00), ('globex', 75.50)",
        "GRANT SELECT ON invoices TO reporting");
    return List.of(
        "databases orders, billing",
        "roles app_rw, reporting (LOGIN) and auditor",
        "orders.public.orders (2 rows; app_rw may SELECT, INSERT, UPDATE)",
        "billing.public.invoices (3 rows; reporting may SELECT)");
  }

  void startOperator() {
    AivenClientConfig aivenConfig = new AivenClientConfig(aiven.baseUrl(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), 2, Duration.ofMillis(50), Duration.ofMillis(300), AivenClientConfig.CallObserver.NONE);
    ReconcilerSettings settings = new ReconcilerSettings(aivenConfig, () -> null,
        "no default token in the demo: every example names its token Secret", DELAYS, 5).withTenancy(TENANCY);
    // The embedded API server has no server-side apply.
    operator = OperatorFactory.create(kube.newClient(), settings,
        new PgSessionOpener(PgSessionOpener.StatementListener.NONE),
        OperatorFactory.Options.defaults().withServerSideApply(false).withResyncPeriod(RESYNC));
    operator.start();
  }

  @Override
  public void close() {
    if (operator != null) closeQuietly(operator::stop);
    closeQuietly(kube);
    closeQuietly(aiven);
    closeQuietly(dashboards);
    closeQuietly(pg);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // shutting down a throwaway environment: nothing useful to do about a failure here
    }
  }
}
