package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Partial truth instead of all or nothing: the targets that exist and pass the pre-flight are
 * written (and audited, as the server log shows), the others are named in the condition.
 */
class PartialTruthTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void oneMissingDatabaseIsNamedWhileTheExistingOneIsWrittenAndAudited() throws SQLException {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String later = "later_" + ns;
    env.create(policy(ns, "p", service).databases(orders, later).log(READ).build());

    // Within pgaudit's activation window (a new service) the write to orders may be refused once: wait for the retry.
    await().atMost(Duration.ofSeconds(60)).until(() -> env.condition(ns, "p", Conditions.READY)
        .filter(c -> Conditions.Reason.DATABASE_NOT_FOUND.equals(c.getReason()))
        .filter(c -> c.getMessage().endsWith("Not written: 1 of 2 target(s); the other 1 match the policy."))
        .isPresent());
    Condition ready = env.condition(ns, "p", Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).isEqualTo("Cannot store pgaudit settings on database \"" + later + "\" because database \""
        + later + "\" does not exist. Not written: 1 of 2 target(s); the other 1 match the policy.");
    env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.DATABASE_NOT_FOUND);
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));

    // The proof: a new session in the written database is audited as the policy says.
    execute(orders, "CREATE TABLE account (id int PRIMARY KEY, name text)");
    long mark = env.pg.logMark();
    execute(orders, "INSERT INTO account VALUES (1, 'ann')", "SELECT name FROM account WHERE id = 4711");
    List<String> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> env.pg.auditLinesSince(mark), l -> l.stream().anyMatch(line -> line.contains("id = 4711")));
    assertThat(lines).filteredOn(line -> line.contains("@" + orders + " ")).singleElement().satisfies(line ->
        assertThat(line).contains("AUDIT: SESSION,").contains(",READ,SELECT,").contains("WHERE id = 4711"));

    // Once the database exists, the next retry writes it and the policy is Ready.
    env.sqlAsAvnadmin("CREATE DATABASE " + OperatorTestEnv.quote(later));
    env.awaitReady(ns, "p");
    assertThat(env.stored(later, null)).isEqualTo(Map.of("pgaudit.log", "read"));
  }

  @Test
  void aSettingsRoleThatIsNotARoleIsNamedAndObjectAuditingIsNotClaimedUntilItExists() throws SQLException {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String auditor = "auditor_" + ns;
    execute(orders, "CREATE TABLE account (id int PRIMARY KEY, name text)");
    env.create(policy(ns, "p", service).databases(orders).log(DDL).settings(s -> s.setRole(auditor)).build());

    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.AUDIT_ROLE_NOT_FOUND);
    assertThat(ready.getMessage()).isEqualTo("settings.role names \"" + auditor + "\", which is not a role on service "
        + OperatorTestEnv.PROJECT + "/" + service + ": pgaudit's object auditing is off until that role exists");
    env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.AUDIT_ROLE_NOT_FOUND);
    // Written all the same, so auditing starts once the role exists.
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "ddl", "pgaudit.role", auditor));
    assertThat(objectAuditLines(orders, 1001)).isEmpty();

    env.sqlAsAvnadmin("CREATE ROLE " + OperatorTestEnv.quote(auditor) + " NOLOGIN");
    execute(orders, "GRANT SELECT ON account TO " + OperatorTestEnv.quote(auditor));
    env.awaitReady(ns, "p");
    assertThat(objectAuditLines(orders, 1002)).singleElement().satisfies(line ->
        assertThat(line).contains("AUDIT: OBJECT,").contains(",READ,SELECT,TABLE,public.account,"));
  }

  @Test
  void aServiceLevelSettingsRoleIsCheckedTooThroughAvnadmin() {
    String ns = env.namespace();
    String service = env.pgService();
    String auditor = "svc_auditor_" + ns;
    env.create(policy(ns, "p", service).serviceScope().log(DDL).settings(s -> s.setRole(auditor)).build());

    Condition configured = env.awaitCondition(ns, "p", Conditions.SERVICE_CONFIGURED, "False",
        Conditions.Reason.AUDIT_ROLE_NOT_FOUND);
    assertThat(configured.getMessage()).contains("\"" + auditor + "\"");
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.AUDIT_ROLE_NOT_FOUND);
    assertThat(env.pgaudit(service)).containsEntry("role", auditor);

    env.sqlAsAvnadmin("CREATE ROLE " + OperatorTestEnv.quote(auditor) + " NOLOGIN");
    env.awaitReady(ns, "p");
  }

  @Test
  void aDryRunPolicyThatLosesAConflictIsNotReadyAndSaysWhy() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(ns, "winner", service).databases(orders).log(READ).build());
    env.awaitReady(ns, "winner");
    var winnerCreated = java.time.Instant.parse(env.get(ns, "winner").getMetadata().getCreationTimestamp());
    await().until(() -> java.time.Instant.now().isAfter(winnerCreated.plusSeconds(1)));
    env.create(policy(ns, "preview", service).databases(orders).log(DDL).dryRun().build());

    Condition ready = env.awaitCondition(ns, "preview", Conditions.READY, "False", Conditions.Reason.CONFLICT);
    assertThat(ready.getMessage()).contains(ns + "/winner").contains("pgaudit.log");
    assertThat(env.condition(ns, "preview", Conditions.CONFLICT)).get().extracting(Condition::getStatus).isEqualTo("True");
    // Its plan still shows what it would change if it won; nothing of it is written.
    assertThat(env.get(ns, "preview").getStatus().getPlan()).singleElement()
        .satisfies(change -> assertThat(change.getTo()).isEqualTo("ddl"));
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));
  }

  /** The OBJECT audit lines of a new session's SELECT in {@code database} (marked by {@code id}). */
  private static List<String> objectAuditLines(String database, int id) throws SQLException {
    long mark = env.pg.logMark();
    // A DDL statement is audited by the session class: the barrier that all earlier lines are written.
    execute(database, "SELECT name FROM account WHERE id = " + id, "CREATE TABLE barrier_" + id + " (id int)");
    List<String> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> env.pg.auditLinesSince(mark), l -> l.stream().anyMatch(line -> line.contains("barrier_" + id)));
    return lines.stream().filter(line -> line.contains("AUDIT: OBJECT,") && line.contains("id = " + id)).toList();
  }

  /** Runs the statements in one new session of avnadmin's (pgaudit settings apply when a session starts). */
  private static void execute(String database, String... statements) throws SQLException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static Connection connect(String database) throws SQLException {
    var params = env.pg.avnadminParams(database);
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }
}
