package dev.pgaudit.benchmark;

import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the operator (user avnadmin) ran on PostgreSQL, counted by the server itself through
 * pg_stat_statements: reads of all stored pgaudit settings, ALTER ... SET/RESET statements, and
 * everything else (pre-flight checks, transaction control).
 */
final class SqlStats {
  /** Counts of statements by kind. */
  record Counts(long settingsReads, long alters, long other) {
    Counts minus(Counts o) {
      return new Counts(settingsReads - o.settingsReads, alters - o.alters, other - o.other);
    }
  }

  private final PgAuditCluster pg;

  private SqlStats(PgAuditCluster pg) {
    this.pg = pg;
  }

  /**
   * Loads pg_stat_statements (a restart, since it must be preloaded). Its defaults fit: it tracks
   * utility statements such as ALTER, and keeps 5,000 distinct statements, more than 1,000
   * policies produce.
   */
  static SqlStats install(PgAuditCluster pg) {
    pg.executeAsSuperuser("postgres",
        "ALTER SYSTEM SET shared_preload_libraries = 'pgaudit', 'pg_stat_statements'");
    pg.stop();
    pg.start();
    pg.executeAsSuperuser("postgres", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    return new SqlStats(pg);
  }

  Counts counts() {
    String sql = """
        SELECT coalesce(sum(s.calls) FILTER (WHERE s.query LIKE '%pg_options_to_table%'
                                               AND s.query NOT LIKE '%IS NOT DISTINCT FROM%'), 0),
               coalesce(sum(s.calls) FILTER (WHERE s.query ILIKE 'ALTER %'), 0),
               coalesce(sum(s.calls), 0)
        FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
        WHERE r.rolname = 'avnadmin'
        """;
    PgLogin params = pg.superuserParams();
    try (Connection c = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
         Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long reads = rs.getLong(1);
      long alters = rs.getLong(2);
      return new Counts(reads, alters, rs.getLong(3) - reads - alters);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_stat_statements: " + e.getMessage(), e);
    }
  }
}
