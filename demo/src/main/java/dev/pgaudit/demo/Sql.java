package dev.pgaudit.demo;

import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The few JDBC calls the demo makes; every call opens a new connection, so role settings apply. */
final class Sql {
  private Sql() {}

  static void execute(PgLogin params, String... statements) {
    try (Connection c = connect(params); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      throw new DemoFailure("SQL as " + params.user() + " in " + params.dbname() + " failed: " + e.getMessage(), e);
    }
  }

  /** One prepared statement with bind parameters (so pgaudit.log_parameter has something to show). */
  static void executePrepared(PgLogin params, String sql, Object... parameters) {
    try (Connection c = connect(params); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) ps.setObject(i + 1, parameters[i]);
      ps.execute();
    } catch (SQLException e) {
      throw new DemoFailure("SQL as " + params.user() + " in " + params.dbname() + " failed: " + e.getMessage(), e);
    }
  }

  /** Every row of a query, each column as text. */
  static List<List<String>> query(PgLogin params, String sql) {
    try (Connection c = connect(params); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) row.add(rs.getString(i));
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new DemoFailure("query as " + params.user() + " in " + params.dbname() + " failed: " + e.getMessage(), e);
    }
  }

  static Connection connect(PgLogin params) throws SQLException {
    var properties = params.jdbcProperties();
    properties.setProperty("ApplicationName", "pgaudit-demo");
    // Sent with the startup packet instead of as a SET, which pgaudit's misc class would log as if the application had run it.
    properties.setProperty("assumeMinServerVersion", "15");
    return DriverManager.getConnection(params.jdbcUrl(), properties);
  }
}
