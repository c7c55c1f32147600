package dev.pgaudit.benchmark;

import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.SimulatorOptions;
import dev.pgaudit.testkit.kube.EmbeddedKubernetes;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything the operator process talks to, on loopback: PostgreSQL + pgaudit (standing in for the
 * SQL side of every simulated service, each with its own databases and roles), the rate-limited
 * Aiven simulator, and the embedded Kubernetes API with the CRD and one namespace per service (with
 * the project's token in a Secret where projects have their own, {@link Fleet#ownTokens()}).
 */
final class BenchEnvironment implements AutoCloseable {
  static final String AIVEN_TOKEN = "bench-aiven-token-5d1c";
  static final String OPERATOR_KUBE_TOKEN = "pgaudit-operator-benchmark";
  private static final String DATABASES_ON_DISK =
      "SELECT sum(pg_database_size(datname))::bigint FROM pg_database WHERE has_database_privilege(datname, 'CONNECT')";

  final PgAuditCluster pg;
  final SqlStats sqlStats;
  final AivenSimulator aiven;
  final KubeWrites kubeWrites = new KubeWrites(OPERATOR_KUBE_TOKEN);
  final EmbeddedKubernetes kube;
  final KubernetesClient client;
  final Path kubeconfig;
  final Duration setupTime;
  /** Where set-up time and disk went, for the report: "PostgreSQL 1.9 s, 1,000 databases …". */
  final String setupDetail;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private BenchEnvironment(Fleet fleet, BenchmarkOptions options, Path workDir) {
    long begin = System.nanoTime();
    try {
      pg = track(PgAuditCluster.launch());
      sqlStats = SqlStats.install(pg);
      long pgReady = System.nanoTime();
      aiven = track(AivenSimulator.start(0, new SimulatorOptions().rateLimitSendsRetryAfter(options.retryAfter())));
      aiven.addToken(AIVEN_TOKEN);
      for (String project : fleet.projects()) {
        aiven.addProject(project);
        aiven.addOpenSearchService(project, Fleet.OPENSEARCH);
        // The project's own token sees only the project, as a project-scoped Aiven user's would.
        if (fleet.ownTokens()) aiven.addToken(Fleet.tokenOf(project), Set.of(project), true);
      }
      kube = track(EmbeddedKubernetes.start(0, kubeWrites::observe));
      client = kube.client();
      kube.applyCrd(RepoFiles.find(RepoFiles.CRD));
      kubeconfig = writeKubeconfig(workDir, kube.url());
      String sql = createFleet(fleet);
      // Limit only after set-up, so the operator alone spends the budget.
      aiven.rateLimit(options.aivenRate(), options.aivenBurst());
      setupDetail = "PostgreSQL " + Format.seconds(Duration.ofNanos(pgReady - begin)) + "; " + sql;
    } catch (RuntimeException e) {
      close(); // what started so far
      throw e;
    }
    setupTime = Duration.ofNanos(System.nanoTime() - begin);
  }

  static BenchEnvironment start(Fleet fleet, BenchmarkOptions options, Path workDir) {
    return new BenchEnvironment(fleet, options, workDir);
  }

  /** The operator's environment: the runtime contract's variables plus the benchmark's kubeconfig. */
  Map<String, String> operatorEnv(Duration resyncPeriod, BenchmarkOptions options) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("PGAUDIT_AIVEN_API_URL", aiven.baseUrl().toString());
    env.put("PGAUDIT_AIVEN_TOKEN", AIVEN_TOKEN);
    // One team, the benchmark's: every fleet namespace may use the default token.
    env.put("PGAUDIT_TENANCY", "{\"allowAll\": true}");
    env.put("PGAUDIT_LEADER_ELECTION", "false");
    env.put("PGAUDIT_SERVER_SIDE_APPLY", "false");
    env.put("PGAUDIT_LOG_LEVEL", "INFO");
    if (resyncPeriod != null) env.put("PGAUDIT_RESYNC_PERIOD", resyncPeriod.toSeconds() + "s");
    env.putAll(options.operatorEnv());
    return env;
  }

  /** The simulated services, namespaces (with their token Secrets), databases and roles; says what it took. */
  private String createFleet(Fleet fleet) {
    long begin = System.nanoTime();
    for (int s = 0; s < fleet.workload().services(); s++) {
      String project = fleet.workload().projectOf(s);
      aiven.addPgService(project, Fleet.serviceName(s), "16", pg.avnadminParams());
      String ns = Fleet.namespaceOf(s);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
      if (fleet.ownTokens()) {
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(Fleet.TOKEN_SECRET)
            .endMetadata().addToStringData("token", Fleet.tokenOf(project)).build()).create();
      }
    }
    long kubeDone = System.nanoTime();
    // As on Aiven, avnadmin creates and owns the databases and roles the policies audit; each
    // service's databases take connections from its own roles only.
    List<String> statements = new ArrayList<>();
    fleet.databases().forEach(db -> statements.add("CREATE DATABASE " + SqlQuoting.identifier(db) + " STRATEGY FILE_COPY"));
    fleet.roles().forEach(role -> statements.add("CREATE ROLE " + SqlQuoting.identifier(role) + " LOGIN"));
    statements.addAll(keptToOwnRoles(fleet));
    PgLogin admin = pg.avnadminParams();
    long onDisk;
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties()); Statement st = c.createStatement()) {
      for (String sql : statements) st.execute(sql);
      // Each database is a copy of template1 (about 7.5 MB): what the fleet's databases take on disk.
      try (ResultSet rs = st.executeQuery(DATABASES_ON_DISK)) {
        onDisk = rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the benchmark's databases and roles: " + e.getMessage(), e);
    }
    long sqlDone = System.nanoTime();
    return String.format(Locale.ROOT, "services, namespaces%s %s; %,d databases and %,d roles %s (all databases: %.1f GB on disk)",
        fleet.ownTokens() ? " and token Secrets" : "", Format.seconds(Duration.ofNanos(kubeDone - begin)),
        fleet.databases().size(), fleet.roles().size(), Format.seconds(Duration.ofNanos(sqlDone - kubeDone)), onDisk / 1e9);
  }

  /**
   * Each service's databases accept connections from its own roles only (and avnadmin, their
   * owner), as databases of different Aiven services do: without this, the one PostgreSQL standing
   * for every service would let each service's roles into the others' databases, and coverage would
   * count (and report shadowed) pairs that no real service has.
   */
  static List<String> keptToOwnRoles(Fleet fleet) {
    List<String> statements = new ArrayList<>();
    for (int s = 0; s < fleet.workload().services(); s++) {
      String roles = String.join(", ", fleet.rolesOf(s).stream().map(SqlQuoting::identifier).toList());
      for (String db : fleet.databasesOf(s)) {
        statements.add("REVOKE CONNECT ON DATABASE " + SqlQuoting.identifier(db) + " FROM PUBLIC");
        if (!roles.isEmpty()) statements.add("GRANT CONNECT ON DATABASE " + SqlQuoting.identifier(db) + " TO " + roles);
      }
    }
    return statements;
  }

  private static Path writeKubeconfig(Path dir, String url) {
    String server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster: {server: "%s"}
        users:
        - name: pgaudit-operator
          user: {token: "%s"}
        contexts:
        - name: embedded
          context: {cluster: embedded, user: pgaudit-operator, namespace: default}
        current-context: embedded
        """.formatted(server, OPERATOR_KUBE_TOKEN);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("kubeconfig.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(0, closeable);
    return closeable;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("benchmark: could not close " + c + ": " + e);
      }
    }
  }
}
