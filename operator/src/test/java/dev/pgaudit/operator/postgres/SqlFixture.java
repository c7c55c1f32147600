package dev.pgaudit.operator.postgres;

import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test set-up and independent checks. Names are quoted by the server (format('%I')) and read back
 * with bind parameters, so these checks do not rely on the quoting under test.
 */
final class SqlFixture {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final PgAuditCluster cluster;

  SqlFixture(PgAuditCluster cluster) {
    this.cluster = cluster;
  }

  /** A fresh name with the given stem, so tests in one class never share objects. */
  static String unique(String stem) {
    return stem + "_" + COUNTER.incrementAndGet();
  }

  /** CREATE DATABASE as avnadmin, who then owns it (as on Aiven). */
  String createDatabase(String name) {
    runFormatted(cluster.avnadminParams(), "CREATE DATABASE %I", name);
    return name;
  }

  /** CREATE ROLE as avnadmin (CREATEROLE). */
  String createRole(String name) {
    runFormatted(cluster.avnadminParams(), "CREATE ROLE %I", name);
    return name;
  }

  void asSuperuser(String template, String... names) {
    runFormatted(cluster.superuserParams(), template, names);
  }

  void asAdmin(String template, String... names) {
    runFormatted(cluster.avnadminParams(), template, names);
  }

  /** The raw setconfig entries of one pg_db_role_setting row; null name = 0 (all). */
  List<String> storedConfig(String database, String role) {
    String sql = """
        SELECT unnest(s.setconfig) FROM pg_db_role_setting s
        WHERE s.setdatabase = COALESCE((SELECT oid FROM pg_database WHERE datname = ?), 0)
          AND s.setrole = COALESCE((SELECT oid FROM pg_roles WHERE rolname = ?), 0)
        ORDER BY 1""";
    if (database != null) requireExists("pg_database", "datname", database);
    if (role != null) requireExists("pg_roles", "rolname", role);
    return strings(cluster.superuserParams(), sql, database, role);
  }

  /** Every pg_db_role_setting row rendered as "db|role|entry", for before/after comparisons. */
  List<String> allStoredConfig() {
    return strings(cluster.superuserParams(), """
        SELECT coalesce(d.datname, '*') || '|' || coalesce(r.rolname, '*') || '|' || c
        FROM pg_db_role_setting s
        LEFT JOIN pg_database d ON d.oid = s.setdatabase
        LEFT JOIN pg_roles r ON r.oid = s.setrole, unnest(s.setconfig) c
        ORDER BY 1""");
  }

  private void requireExists(String catalog, String column, String name) {
    if (strings(cluster.superuserParams(), "SELECT 1 FROM " + catalog + " WHERE " + column + " = ?", name).isEmpty()) {
      throw new IllegalStateException(name + " does not exist in " + catalog);
    }
  }

  static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }

  static List<String> strings(PgLogin params, String sql, String... parameters) {
    try (Connection c = connect(params); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) s.setString(i + 1, parameters[i]);
      List<String> result = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) result.add(rows.getString(1));
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** Lets the server quote the names into the statement (format with %I), then runs it. */
  static void runFormatted(PgLogin params, String template, String... names) {
    try (Connection c = connect(params)) {
      String sql;
      try (PreparedStatement format = c.prepareStatement("SELECT format(?" + ", ?".repeat(names.length) + ")")) {
        format.setString(1, template);
        for (int i = 0; i < names.length; i++) format.setString(i + 2, names[i]);
        try (ResultSet row = format.executeQuery()) {
          row.next();
          sql = row.getString(1);
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(template + ": " + e.getMessage(), e);
    }
  }
}
