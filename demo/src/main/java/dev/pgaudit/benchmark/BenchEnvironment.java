package dev.pgaudit.benchmark;

import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.SimulatorOptions;
import dev.pgaudit.testkit.kube.EmbeddedKubernetes;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the operator process talks to, on loopback: PostgreSQL + pgaudit (standing in for the
 * SQL side of every simulated service, each with its own databases and roles), the rate-limited
 * Aiven simulator, and the embedded Kubernetes API with the CRD and one namespace per service.
 */
final class BenchEnvironment implements AutoCloseable {
  static final String AIVEN_TOKEN = "bench-aiven-token-5d1c";
  static final String OPERATOR_KUBE_TOKEN = "pgaudit-operator-benchmark";

  final PgAuditCluster pg;
  final SqlStats sqlStats;
  final AivenSimulator aiven;
  final KubeWrites kubeWrites = new KubeWrites(OPERATOR_KUBE_TOKEN);
  final EmbeddedKubernetes kube;
  final KubernetesClient client;
  final Path kubeconfig;
  final Duration setupTime;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private BenchEnvironment(Fleet fleet, BenchmarkOptions options, Path workDir) {
    long begin = System.nanoTime();
    try {
      pg = track(PgAuditCluster.launch());
      sqlStats = SqlStats.install(pg);
      aiven = track(AivenSimulator.start(0, new SimulatorOptions().rateLimitSendsRetryAfter(options.retryAfter())));
      aiven.addToken(AIVEN_TOKEN);
      for (String project : fleet.projects()) {
        aiven.addProject(project);
        aiven.addOpenSearchService(project, Fleet.OPENSEARCH);
      }
      kube = track(EmbeddedKubernetes.start(0, kubeWrites::observe));
      client = kube.client();
      kube.applyCrd(RepoFiles.find(RepoFiles.CRD));
      kubeconfig = writeKubeconfig(workDir, kube.url());
      createFleet(fleet);
      // Limit only after set-up, so the operator alone spends the budget.
      aiven.rateLimit(options.aivenRate(), options.aivenBurst());
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

  private void createFleet(Fleet fleet) {
    for (int s = 0; s < fleet.workload().services(); s++) {
      aiven.addPgService(fleet.workload().projectOf(s), Fleet.serviceName(s), "16", pg.avnadminParams());
    }
    for (String ns : fleet.namespaces()) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    // As on Aiven, avnadmin creates and owns the databases and roles the policies audit.
    List<String> statements = new ArrayList<>();
    fleet.databases().forEach(db -> statements.add("CREATE DATABASE " + SqlQuoting.identifier(db) + " STRATEGY FILE_COPY"));
    fleet.roles().forEach(role -> statements.add("CREATE ROLE " + SqlQuoting.identifier(role) + " LOGIN"));
    PgLogin admin = pg.avnadminParams();
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties()); Statement st = c.createStatement()) {
      for (String sql : statements) st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the benchmark's databases and roles: " + e.getMessage(), e);
    }
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
