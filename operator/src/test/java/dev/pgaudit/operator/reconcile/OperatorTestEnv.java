package dev.pgaudit.operator.reconcile;

import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.OperatorFactory;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.tenancy.TenancyRules;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.kube.EmbeddedKubernetes;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import dev.pgaudit.testkit.rbac.ChartRbac;
import dev.pgaudit.testkit.rbac.RbacEnforcer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything real the operator talks to, on loopback: the embedded Kubernetes API with the CRD
 * from crds/, the Aiven simulator, a PostgreSQL + pgaudit cluster standing in for every simulated
 * pg service's SQL side, and the real JOSDK operator. One per test class, as a JUnit extension:
 * {@code @RegisterExtension static final OperatorTestEnv env = OperatorTestEnv.start(...)} starts
 * when JUnit prepares the class (its static initialiser) and is closed after the class's last
 * test. Tests keep out of each other's way with their own namespace, service and database/role names.
 *
 * <p>The operator runs as the Helm chart's ServiceAccount with exactly the chart's RBAC enforced by
 * the API (a refused request is answered 403, and {@link #close()} fails on any refusal): by default
 * the chart's cluster-wide shape; {@link #startWatching} gives the watchNamespaces shape, where the
 * operator watches only the listed namespaces and {@link #namespace()} hands those out.
 */
public final class OperatorTestEnv implements AutoCloseable, AfterAllCallback {
  public static final String PROJECT = "acme";
  public static final String TOKEN = "sim-token-3f9a1c77e2";
  public static final String TOKEN_SECRET = "aiven-token";
  public static final String OPENSEARCH = "os-audit";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static ChartRbac clusterWide;

  public final PgAuditCluster pg;
  public final AivenSimulator aiven;
  public final EmbeddedKubernetes kube;
  public final KubernetesClient client;
  /** The chart's RBAC the operator runs under, and what the API refused it. */
  public final ChartRbac chart;
  public final RbacEnforcer rbac;
  private final List<String> unusedWatchedNamespaces = new ArrayList<>();
  private final Duration resync;
  private final Duration observationTtl;
  private final PgSessionOpener.StatementListener statements;
  private TenancyRules tenancy = TenancyRules.DEFAULT;
  private Operator operator;
  /** Reconciles JOSDK started, by "namespace/name": reads are shared per project, so requests cannot tell. */
  private final Map<String, Integer> reconciles = new java.util.concurrent.ConcurrentHashMap<>();
  private final io.javaoperatorsdk.operator.api.monitoring.Metrics reconcileCounts =
      new io.javaoperatorsdk.operator.api.monitoring.Metrics() {
        @Override
        public void reconcileCustomResource(io.fabric8.kubernetes.api.model.HasMetadata resource,
            io.javaoperatorsdk.operator.api.reconciler.RetryInfo retry, Map<String, Object> metadata) {
          reconciles.merge(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(), 1, Integer::sum);
        }
      };

  /** Status writes the API server accepted, by "namespace/name" of the policy. */
  private final Map<String, Integer> statusWrites = new java.util.concurrent.ConcurrentHashMap<>();

  private void countStatusWrite(io.fabric8.mockwebserver.http.RecordedRequest request,
      io.fabric8.mockwebserver.http.MockResponse response) {
    String method = request.getMethod().toUpperCase(java.util.Locale.ROOT);
    if (!method.equals("PATCH") && !method.equals("PUT") || response == null || response.code() >= 400) return;
    String path = request.getPath().contains("?") ? request.getPath().substring(0, request.getPath().indexOf('?')) : request.getPath();
    var m = java.util.regex.Pattern.compile("/namespaces/([^/]+)/pgauditpolicies/([^/]+)/status$").matcher(path);
    if (m.find()) statusWrites.merge(m.group(1) + "/" + m.group(2), 1, Integer::sum);
  }

  /** How many status writes of the policy the API server accepted so far. */
  public int statusWrites(String ns, String name) {
    return statusWrites.getOrDefault(ns + "/" + name, 0);
  }

  private OperatorTestEnv(Duration resync, Duration observationTtl, PgSessionOpener.StatementListener statements,
      ChartRbac chart) {
    this.resync = resync;
    this.observationTtl = observationTtl;
    this.statements = statements;
    this.pg = PgAuditCluster.launch();
    this.aiven = AivenSimulator.start();
    this.kube = EmbeddedKubernetes.start(0, this::countStatusWrite);
    this.client = kube.client();
    this.chart = chart;
    this.rbac = kube.enforceRbac(chart);
    aiven.addToken(TOKEN).addProject(PROJECT);
    aiven.addOpenSearchService(PROJECT, OPENSEARCH);
    kube.applyCrd(repoFile("crds/pgauditpolicies.pgaudit.dev-v1.yml"));
    for (String ns : chart.watchNamespaces()) {
      createNamespace(ns);
      unusedWatchedNamespaces.add(ns);
    }
  }

  public static OperatorTestEnv start(Duration resync) {
    return start(resync, Duration.ZERO, PgSessionOpener.StatementListener.NONE);
  }

  /** As {@link #start(Duration)}, with {@code statements} told about every SQL statement the operator runs. */
  public static OperatorTestEnv start(Duration resync, PgSessionOpener.StatementListener statements) {
    return start(resync, Duration.ZERO, statements);
  }

  /** As {@link #start(Duration, PgSessionOpener.StatementListener)}, with {@link #TOKEN} as default token and this rule set. */
  public static OperatorTestEnv start(Duration resync, PgSessionOpener.StatementListener statements, TenancyRules rules) {
    OperatorTestEnv env = new OperatorTestEnv(resync, Duration.ZERO, statements, clusterWideChart());
    env.startOperator(rules);
    return env;
  }

  /** With {@code observationTtl} > 0, policies share observations of their service (as in production). */
  public static OperatorTestEnv start(Duration resync, Duration observationTtl) {
    return start(resync, observationTtl, PgSessionOpener.StatementListener.NONE);
  }

  /**
   * The operator watches only {@code namespaces}, under the RBAC the chart renders for
   * watchNamespaces = these (a Role in each, nothing cluster-wide); {@link #namespace()} returns
   * them in order, each holding the token Secret.
   */
  public static OperatorTestEnv startWatching(Duration resync, String... namespaces) {
    OperatorTestEnv env = new OperatorTestEnv(resync, Duration.ZERO, PgSessionOpener.StatementListener.NONE,
        ChartRbac.watching(namespaces));
    env.startOperator();
    return env;
  }

  private static OperatorTestEnv start(Duration resync, Duration observationTtl,
      PgSessionOpener.StatementListener statements) {
    OperatorTestEnv env = new OperatorTestEnv(resync, observationTtl, statements, clusterWideChart());
    env.startOperator();
    return env;
  }

  /**
   * Everything but the operator, which {@link #startOperator(TenancyRules)} starts once the test has
   * its namespaces (the rule set names them). The operator then holds a default token, {@link #TOKEN}.
   */
  public static OperatorTestEnv withoutOperator(Duration resync) {
    return new OperatorTestEnv(resync, Duration.ZERO, PgSessionOpener.StatementListener.NONE, clusterWideChart());
  }

  /** Starts the operator with {@link #TOKEN} as its default token and this rule set. */
  public void startOperator(TenancyRules rules) {
    this.tenancy = rules;
    startOperator();
  }

  /** Rendered once per JVM: helm template takes a while, and the chart does not change during a run. */
  private static synchronized ChartRbac clusterWideChart() {
    if (clusterWide == null) clusterWide = ChartRbac.clusterWide();
    return clusterWide;
  }

  public static ReconcilerSettings settings(java.net.URI aivenUrl) {
    // A generous read timeout: on a loaded machine a retried PUT would spoil the request counts tests assert.
    AivenClientConfig aiven = new AivenClientConfig(aivenUrl, Duration.ofSeconds(2), Duration.ofSeconds(10), 2,
        Duration.ofMillis(20), Duration.ofMillis(100), AivenClientConfig.CallObserver.NONE);
    // The applied records live in the chart's release namespace, where its Role grants configmaps.
    return new ReconcilerSettings(aiven, () -> null, "no default token in tests",
        new RetryDelays(Duration.ofMillis(500), Duration.ofSeconds(2)), 3).withRecordNamespace(ChartRbac.NAMESPACE);
  }

  public void startOperator() {
    ReconcilerSettings settings = settings(aiven.baseUrl()).withObservationTtl(observationTtl);
    if (tenancy != TenancyRules.DEFAULT) {
      settings = new ReconcilerSettings(settings.aiven(), () -> TOKEN, "the test's default token", settings.delays(),
          settings.maxCleanupAttempts(), settings.observationTtl(), settings.statusWrites(), settings.recordNamespace(),
          settings.coverage(), tenancy);
    }
    operator = OperatorFactory.create(kube.serviceAccountClient(), settings,
        new PgSessionOpener(statements),
        // the embedded API server has no server-side apply
        OperatorFactory.Options.defaults().withServerSideApply(false).withResyncPeriod(resync)
            .withNamespaces(Set.copyOf(chart.watchNamespaces())).withMetrics(reconcileCounts));
    operator.start();
  }

  /** How many reconciles of the policy the operator started so far (deletions included). */
  public int reconciles(String ns, String name) {
    return reconciles.getOrDefault(ns + "/" + name, 0);
  }

  /** The running operator (null while stopped). */
  public Operator operator() {
    return operator;
  }

  /** A Secret with raw bytes as values (e.g. bytes that are not UTF-8). */
  public void putSecretBytes(String ns, String name, Map<String, byte[]> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withData(encoded).build()).createOr(r -> r.update());
  }

  public void stopOperator() {
    if (operator != null) operator.stop();
    operator = null;
  }

  /** A fresh namespace holding the token Secret (with {@link #startWatching}: the next watched namespace). */
  public String namespace() {
    if (!chart.watchNamespaces().isEmpty()) {
      if (unusedWatchedNamespaces.isEmpty()) throw new IllegalStateException("every watched namespace is in use");
      return unusedWatchedNamespaces.remove(0);
    }
    String ns = "t" + SEQUENCE.incrementAndGet();
    createNamespace(ns);
    return ns;
  }

  private void createNamespace(String ns) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    putSecret(ns, TOKEN_SECRET, Map.of("token", TOKEN));
  }

  public void putSecret(String ns, String name, Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns)
        .endMetadata().withData(encoded).build()).createOr(r -> r.update());
  }

  /** A new simulated pg service standing for the real cluster (pgaudit changes reach it, with the activation window); returns its name. */
  public String pgService(String pgVersion) {
    String name = "pg-" + SEQUENCE.incrementAndGet();
    aiven.addPgService(PROJECT, name, pgVersion, pg);
    return name;
  }

  public String pgService() {
    return pgService("16");
  }

  /** A database created by avnadmin (its owner, as on Aiven), with a unique name built from {@code hint}. */
  public String database(String hint) {
    String name = hint + "_" + SEQUENCE.incrementAndGet();
    sqlAsAvnadmin("CREATE DATABASE " + quote(name));
    return name;
  }

  public String role(String hint) {
    String name = hint + "_" + SEQUENCE.incrementAndGet();
    sqlAsAvnadmin("CREATE ROLE " + quote(name) + " LOGIN");
    return name;
  }

  /** The service's user_config.pgaudit as the simulator holds it (empty when absent). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> pgaudit(String service) {
    return (Map<String, Object>) aiven.userConfig(PROJECT, service).getOrDefault("pgaudit", Map.of());
  }

  public PgAuditPolicy create(PgAuditPolicy policy) {
    return client.resource(policy).create();
  }

  public PgAuditPolicy get(String ns, String name) {
    return client.resources(PgAuditPolicy.class).inNamespace(ns).withName(name).get();
  }

  /**
   * Changes a policy as {@code kubectl edit} does: read, change, write with the read's
   * resourceVersion; on a 409 (the operator wrote its status or finalizer meanwhile) read again and
   * re-apply the change.
   */
  public PgAuditPolicy edit(String ns, String name, java.util.function.Consumer<PgAuditPolicy> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(PgAuditPolicy.class).inNamespace(ns).withName(name).edit(p -> {
          change.accept(p);
          return p;
        });
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) throw e;
      }
    }
  }

  public void delete(String ns, String name) {
    client.resources(PgAuditPolicy.class).inNamespace(ns).withName(name).delete();
  }

  public void awaitGone(String ns, String name) {
    await().atMost(Duration.ofSeconds(60)).until(() -> get(ns, name) == null);
  }

  public Optional<Condition> condition(String ns, String name, String type) {
    PgAuditPolicy p = get(ns, name);
    if (p == null || p.getStatus() == null) return Optional.empty();
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Waits until the condition has this status and reason at the policy's current generation. */
  public Condition awaitCondition(String ns, String name, String type, String status, String reason) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      PgAuditPolicy p = get(ns, name);
      return condition(ns, name, type)
          .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
          .filter(c -> c.getObservedGeneration().equals(p.getMetadata().getGeneration()))
          .isPresent();
    });
    return condition(ns, name, type).orElseThrow();
  }

  public Condition awaitReady(String ns, String name) {
    return awaitCondition(ns, name, Conditions.READY, "True", Conditions.Reason.RECONCILED);
  }

  public List<Event> events(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  /** The pgaudit settings stored on a target, read straight from pg_db_role_setting. */
  public Map<String, String> stored(String database, String role) {
    return pg.storedSettings(database, role);
  }

  /**
   * As a DBA would, through avnadmin. All test services share one PostgreSQL, so another service's
   * pgaudit activation window (the simulator revokes SET on pgaudit.* meanwhile) can meet this
   * one's statements: like a DBA, try again once the window has closed.
   */
  public void sqlAsAvnadmin(String... statements) {
    await("avnadmin's statements, after any pgaudit activation window").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> e.getCause() instanceof SQLException sql && "42501".equals(sql.getSQLState())
            && e.getMessage().contains("pgaudit."))
        .until(() -> {
          execute(pg.avnadminParams(), statements);
          return true;
        });
  }

  /** As avnadmin, connected to {@code database} (e.g. to create a table there). */
  public void sqlAsAvnadminIn(String database, String... statements) {
    execute(pg.avnadminParams(database), statements);
  }

  /** As an application role in {@code database}, on a new connection (the test cluster trusts loopback). */
  public void sqlAsRole(String role, String database, String... statements) {
    PgLogin admin = pg.avnadminParams(database);
    execute(new PgLogin(admin.host(), admin.port(), role, null, database, admin.sslmode()),
        statements);
  }

  public void sqlAsSuperuser(String... statements) {
    execute(pg.superuserParams(), statements);
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static void execute(PgLogin params, String... statements) {
    try (Connection c = connect(params); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }

  public static Path repoFile(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(relative))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException(relative + " not found above the working directory");
    return dir.resolve(relative);
  }

  /** As the test class's extension: everything stops after its last test. */
  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    CloseSteps.runAll(List.of(this::stopOperator, kube::close, aiven::close, pg::close));
    rbac.assertNoRefusals();
  }
}
