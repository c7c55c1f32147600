package dev.pgaudit.operator.reconcile;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partial truth instead of all or nothing: the targets that exist and pass the pre-flight are
 * written (and audited, as the server log shows), the others are named in the condition.
 */
class PartialTruthTest {
  static OperatorTestEnv env;

  @BeforeAll
  static void start() {
    env = OperatorTestEnv.start(Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void oneMissingDatabaseIsNamedWhileTheExistingOneIsWrittenAndAudited() throws SQLException {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String later = "later_" + ns;
    env.create(policy(ns, "p", service).databases(orders, later).log(READ).build());

    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.DATABASE_NOT_FOUND);
    assertThat(ready.getMessage()).contains(later).doesNotContain(orders)
        .endsWith("Not written: 1 of 2 target(s); the other 1 match the policy.");
    env.awaitCondition(ns, "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.DATABASE_NOT_FOUND);
    assertThat(env.stored(orders, null)).isEqualTo(Map.of("pgaudit.log", "read"));

    // The proof: a new session in the written database is audited as the policy says.
    try (Connection c = connect(orders); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account (id int PRIMARY KEY, name text)");
    }
    long mark = env.pg.logMark();
    try (Connection c = connect(orders); Statement s = c.createStatement()) {
      s.execute("INSERT INTO account VALUES (1, 'ann')");
      s.execute("SELECT name FROM account WHERE id = 4711");
    }
    List<String> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> env.pg.auditLinesSince(mark), l -> l.stream().anyMatch(line -> line.contains("id = 4711")));
    assertThat(lines).filteredOn(line -> line.contains("@" + orders + " ")).singleElement().satisfies(line ->
        assertThat(line).contains("AUDIT: SESSION,").contains(",READ,SELECT,").contains("WHERE id = 4711"));

    // Once the database exists, the next retry writes it and the policy is Ready.
    env.sqlAsAvnadmin("CREATE DATABASE " + OperatorTestEnv.quote(later));
    env.awaitReady(ns, "p");
    assertThat(env.stored(later, null)).isEqualTo(Map.of("pgaudit.log", "read"));
  }

  private static Connection connect(String database) throws SQLException {
    var params = env.pg.avnadminParams(database);
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }
}
