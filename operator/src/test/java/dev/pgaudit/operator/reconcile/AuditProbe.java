package dev.pgaudit.operator.reconcile;

import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * What pgaudit really does with the settings in place: statements on a new session (database and
 * role settings apply when a session starts) and the AUDIT lines they left in the server log.
 */
final class AuditProbe {
  private final OperatorTestEnv env;

  AuditProbe(OperatorTestEnv env) {
    this.env = env;
  }

  /** Runs statements as avnadmin in {@code database} (set-up: tables, grants). */
  void asAdmin(String database, String... statements) {
    run(env.pg.avnadminParams(database), statements);
  }

  /**
   * Runs statements on a new session of {@code role} (avnadmin when null) in {@code database}
   * and returns the AUDIT lines since. The last statement must be one that is audited: once its
   * line is in the log, every earlier statement's line is too, so absent lines are truly absent.
   */
  List<String> audited(String role, String database, String... statements) {
    long mark = env.pg.logMark();
    PgLogin admin = env.pg.avnadminParams(database);
    run(role == null ? admin : new PgLogin(admin.host(), admin.port(), role, null, database, admin.sslmode()),
        statements);
    String barrier = statements[statements.length - 1];
    return await("the AUDIT line of: " + barrier).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> env.pg.auditLinesSince(mark), lines -> lines.stream().anyMatch(l -> l.contains(barrier)));
  }

  private static void run(PgLogin params, String... statements) {
    try (Connection c = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
         Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
