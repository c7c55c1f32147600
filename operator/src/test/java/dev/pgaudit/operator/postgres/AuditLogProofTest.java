package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proof users care about: a database-level pgaudit.log = 'read' makes pgaudit write an AUDIT
 * line for a new connection's SELECT and none for its INSERT; after RESET a new connection writes
 * none. Settings apply when a session starts, so every check uses a new connection.
 */
class AuditLogProofTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  @Test
  void readOnADatabaseAuditsSelectsButNotInserts_andResetStopsIt() throws Exception {
    PgAuditCluster cluster = PG.cluster();
    String db = new SqlFixture(cluster).createDatabase("audited");
    SqlTarget target = new SqlTarget.Database(db);
    run(db, "CREATE TABLE account (id int PRIMARY KEY, name text)", "INSERT INTO account VALUES (1, 'ann')");

    try (PgAuditSession session = new PgSessionOpener(PgSessionOpener.StatementListener.NONE)
        .open(TestLogins.params(cluster.avnadminParams()))) {
      session.converge(target, Map.of(LOG, "read"));

      long mark = cluster.logMark();
      try (Connection audited = connect(db)) {
        execute(audited, "SELECT name FROM account WHERE id = 1001", "INSERT INTO account VALUES (1002, 'bob')",
            "SELECT name FROM account WHERE id = 1003");
        // The last SELECT is the barrier: once its line is there, every earlier line is too.
        List<String> lines = awaitAuditLine(mark, "id = 1003");
        assertThat(lines).anySatisfy(line -> assertThat(line)
            .contains("AUDIT: SESSION,")
            .contains(",READ,SELECT,")
            .contains("SELECT name FROM account WHERE id = 1001"));
        assertThat(lines).noneMatch(line -> line.contains("1002"));
        assertThat(lines).allMatch(line -> line.contains(" avnadmin@" + db + " LOG:  AUDIT: SESSION,"));

        Map<PgAuditSetting, String> reset = new HashMap<>();
        reset.put(LOG, null);
        assertThat(session.converge(target, reset)).hasSize(1);

        long afterReset = cluster.logMark();
        try (Connection fresh = connect(db)) {
          execute(fresh, "SELECT name FROM account WHERE id = 2001");
        }
        // The already-open session keeps 'read' until it reconnects: it serves as the barrier.
        execute(audited, "SELECT name FROM account WHERE id = 2002");
        List<String> afterLines = awaitAuditLine(afterReset, "id = 2002");
        assertThat(afterLines).noneMatch(line -> line.contains("2001"));
      }
    }
  }

  private static List<String> awaitAuditLine(long mark, String marker) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> PG.cluster().auditLinesSince(mark), lines -> lines.stream().anyMatch(l -> l.contains(marker)));
  }

  private static Connection connect(String db) throws SQLException {
    return SqlFixture.connect(PG.cluster().avnadminParams(db));
  }

  private static void run(String db, String... statements) throws SQLException {
    try (Connection c = connect(db)) {
      execute(c, statements);
    }
  }

  private static void execute(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }
}
