package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The large-scope part (bin/benchmark --large-scope DBxROLES): one DatabaseRole policy on DB
 * databases × ROLES roles with 2 settings (at the CRD's maximum, 100 × 100: 20,000 SET
 * statements), timed from create to Ready and from delete to gone, while a Service-scope policy of
 * another service is changed and must be Ready again meanwhile. Counts the Events and the
 * settings stored.
 */
final class LargeScopeRun {
  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  /** What was measured; {@code otherReady}: the other service's change → Ready while the large one converged. */
  record Measured(int databases, int roles, Duration converge, Duration delete, Duration otherReady,
      boolean otherReadyBeforeLarge, int events, long storedAfterConverge, long storedAfterDelete) {}

  private final BenchmarkOptions options;
  private final Progress progress;
  private final Fleet fleet = new Fleet(new Workload(2, 2)); // one Service-scope policy on each of two services
  private final Path workDir;

  LargeScopeRun(BenchmarkOptions options, Progress progress) {
    this.options = options;
    this.progress = progress;
    this.workDir = options.workDir().resolve("large-scope");
  }

  Measured run() {
    int dbCount = options.largeScope()[0];
    int roleCount = options.largeScope()[1];
    progress.say("large scope: one DatabaseRole policy on %d databases × %d roles, 2 settings", dbCount, roleCount);
    try (BenchEnvironment env = BenchEnvironment.start(fleet, options, workDir);
         ReadyWatch watch = new ReadyWatch(env.client);
         OperatorProcess operator = OperatorProcess.start(options.launch(), env.operatorEnv(null, options),
             workDir.resolve("operator.log"), Duration.ofMinutes(2))) {
      List<String> dbs = new ArrayList<>();
      List<String> roles = new ArrayList<>();
      for (int i = 0; i < dbCount; i++) dbs.add("large_db" + i);
      for (int i = 0; i < roleCount; i++) roles.add("large_role" + i);
      createTargets(env.pg.avnadminParams(), dbs, roles);
      java.util.Map<String, Long> generations = new java.util.HashMap<>();
      for (Fleet.Member m : fleet.members()) generations.put(m.key(), env.client.resource(m.manifest()).create().getMetadata().getGeneration());
      watch.awaitReady(generations, TIMEOUT);

      Fleet.Member other = fleet.members().get(1);
      PgAuditPolicy large = manifest(fleet.members().get(0), dbs, roles);
      String key = large.getMetadata().getNamespace() + "/" + large.getMetadata().getName();
      long start = System.nanoTime();
      long generation = env.client.resource(large).create().getMetadata().getGeneration();
      // Another service's policy changes right after: it must not wait for the large one.
      long changedAt = System.nanoTime();
      PgAuditPolicy edited = env.client.resources(PgAuditPolicy.class).inNamespace(other.namespace()).withName(other.name())
          .edit(p -> {
            p.getSpec().setLog(new ArrayList<>(List.of(AuditClass.DDL, AuditClass.ROLE, AuditClass.MISC)));
            return p;
          });
      long otherReady = watch.awaitReady(other.key(), edited.getMetadata().getGeneration(), TIMEOUT);
      long largeReady = watch.awaitReady(key, generation, TIMEOUT);
      long stored = storedSettings(env.pg.avnadminParams());
      int events = env.client.v1().events().inNamespace(large.getMetadata().getNamespace()).list().getItems().stream()
          .filter(e -> large.getMetadata().getName().equals(e.getInvolvedObject().getName())).toList().size();
      progress.say("  converged in %.1f s (%d settings stored, %d Events); the other service's change was Ready in %d ms",
          (largeReady - start) / 1e9, stored, events, (otherReady - changedAt) / 1_000_000);

      long deleteStart = System.nanoTime();
      env.client.resource(large).delete();
      long deadline = deleteStart + TIMEOUT.toNanos();
      while (env.client.resources(PgAuditPolicy.class).inNamespace(large.getMetadata().getNamespace())
          .withName(large.getMetadata().getName()).get() != null) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the large policy was not gone within " + TIMEOUT);
        OperatorProcess.pause(100);
      }
      long deleted = System.nanoTime();
      long left = storedSettings(env.pg.avnadminParams());
      progress.say("  deleted in %.1f s (%d settings left)", (deleted - deleteStart) / 1e9, left);
      return new Measured(dbCount, roleCount, Duration.ofNanos(largeReady - start), Duration.ofNanos(deleted - deleteStart),
          Duration.ofNanos(otherReady - changedAt), otherReady < largeReady, events, stored, left);
    }
  }

  /** docs/benchmark-large-scope.md. */
  static String report(Measured m, java.time.Instant started, double load, String note) {
    String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", java.util.Locale.ROOT)
        .format(started.atOffset(java.time.ZoneOffset.UTC));
    int targets = m.databases() * m.roles();
    return "# Benchmark: a DatabaseRole policy at the CRD's maximum\n\n"
        + "Generated by `bin/benchmark --large-scope " + m.databases() + "x" + m.roles() + "` on " + when
        + ". Run it again to refresh this file; do not edit it by hand.\n\n"
        + "- **Machine**: " + Machine.describe() + "; 1-minute load average at start "
        + String.format(java.util.Locale.ROOT, "%.1f", load) + " (shared with other builds: times are pessimistic).\n"
        + (note == null ? "" : "- **Note**: " + note + "\n")
        + "- **Policy**: DatabaseRole scope on " + m.databases() + " databases × " + m.roles() + " roles = "
        + String.format(java.util.Locale.ROOT, "%,d", targets) + " targets, `log: [write]` and `logParameter: true`: "
        + String.format(java.util.Locale.ROOT, "%,d", 2L * targets) + " `ALTER ROLE … IN DATABASE … SET` statements, "
        + "against the real operator process, the Aiven simulator and PostgreSQL + pgaudit as in docs/benchmark.md.\n"
        + "- Before (issue 17): 15.6 min to converge and over 15 min to delete on this machine, one transaction and one "
        + "Event per target, the service lock held throughout.\n\n"
        + "| measure | result | target |\n|---|---|---|\n"
        + "| create → Ready | " + Format.seconds(m.converge()) + " | < 60 s |\n"
        + "| delete → gone (every setting reset) | " + Format.seconds(m.delete()) + " | < 60 s |\n"
        + "| settings stored after converging / after deleting | " + m.storedAfterConverge() + " / " + m.storedAfterDelete()
        + " | " + 2L * targets + " / 0 |\n"
        + "| Events of the policy | " + m.events() + " | bounded |\n"
        + "| another service's change → Ready meanwhile | " + Format.millis(m.otherReady())
        + (m.otherReadyBeforeLarge() ? " (before the large policy was Ready)" : " (after the large policy was Ready)")
        + " | not blocked |\n";
  }

  private static PgAuditPolicy manifest(Fleet.Member serviceOwner, List<String> dbs, List<String> roles) {
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef(serviceOwner.project(), serviceOwner.serviceName()));
    spec.setScope(new Scope(ScopeLevel.DatabaseRole, dbs, roles));
    spec.setLog(new ArrayList<>(List.of(AuditClass.WRITE)));
    AuditSettings settings = new AuditSettings();
    settings.setLogParameter(true);
    spec.setSettings(settings);
    PgAuditPolicy policy = new PgAuditPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(serviceOwner.namespace()).withName("large-scope").build());
    policy.setSpec(spec);
    return policy;
  }

  private static void createTargets(PgLogin admin, List<String> dbs, List<String> roles) {
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties()); Statement st = c.createStatement()) {
      for (String db : dbs) st.execute("CREATE DATABASE " + SqlQuoting.identifier(db) + " STRATEGY FILE_COPY");
      for (String role : roles) st.execute("CREATE ROLE " + SqlQuoting.identifier(role) + " LOGIN");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the large scope's databases and roles: " + e.getMessage(), e);
    }
  }

  /** pgaudit settings stored on role-in-database targets (pg_db_role_setting rows with both set). */
  private static long storedSettings(PgLogin admin) {
    String sql = "SELECT count(*) FROM pg_db_role_setting s, unnest(s.setconfig) c "
        + "WHERE s.setdatabase <> 0 AND s.setrole <> 0 AND c LIKE 'pgaudit.%'";
    try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.jdbcProperties());
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the stored settings: " + e.getMessage(), e);
    }
  }
}
