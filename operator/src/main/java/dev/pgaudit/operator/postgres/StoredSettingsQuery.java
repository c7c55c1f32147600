package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads pgaudit.* entries back from pg_db_role_setting, unnesting setconfig on the server. */
final class StoredSettingsQuery {
  private StoredSettingsQuery() {}

  // setdatabase/setrole = 0 mean "all databases"/"all roles"; (0, 0) is ALTER ROLE ALL SET,
  // which this operator neither reads nor writes. A non-zero oid without a name (a concurrent
  // DROP) is skipped by the Java side.
  private static final String SQL = """
      SELECT s.setdatabase <> 0 AS for_database, d.datname,
             s.setrole <> 0 AS for_role, r.rolname,
             o.option_name, o.option_value
      FROM pg_catalog.pg_db_role_setting s
      LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
      LEFT JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
      CROSS JOIN LATERAL pg_catalog.pg_options_to_table(s.setconfig) AS o(option_name, option_value)
      WHERE o.option_name LIKE 'pgaudit.%'
        AND NOT (s.setdatabase = 0 AND s.setrole = 0)
      """;

  private static final String ONE_TARGET = SQL + """
        AND d.datname IS NOT DISTINCT FROM ?::name
        AND r.rolname IS NOT DISTINCT FROM ?::name
        AND (s.setdatabase <> 0) = ? AND (s.setrole <> 0) = ?
      """;

  static StoredSettings readAll(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SQL)) {
      return collect(statement);
    }
  }

  static Map<PgAuditSetting, String> readTarget(Connection connection, SqlTarget target) throws SQLException {
    String database = databaseOf(target);
    String role = roleOf(target);
    try (PreparedStatement statement = connection.prepareStatement(ONE_TARGET)) {
      statement.setString(1, database);
      statement.setString(2, role);
      statement.setBoolean(3, database != null);
      statement.setBoolean(4, role != null);
      return collect(statement).of(target);
    }
  }

  private static StoredSettings collect(PreparedStatement statement) throws SQLException {
    Map<SqlTarget, Map<PgAuditSetting, String>> byTarget = new LinkedHashMap<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        SqlTarget target = targetOf(
            rows.getBoolean("for_database"), rows.getString("datname"),
            rows.getBoolean("for_role"), rows.getString("rolname"));
        PgAuditSetting setting = PgAuditSetting.fromGuc(rows.getString("option_name"));
        if (target == null || setting == null) continue; // vanished target, or a pgaudit name we do not manage
        byTarget.computeIfAbsent(target, t -> new EnumMap<>(PgAuditSetting.class))
            .put(setting, rows.getString("option_value"));
      }
    }
    byTarget.replaceAll((t, settings) -> Collections.unmodifiableMap(settings));
    return new StoredSettings(byTarget);
  }

  private static SqlTarget targetOf(boolean forDatabase, String database, boolean forRole, String role) {
    if ((forDatabase && database == null) || (forRole && role == null)) return null;
    if (forDatabase && forRole) return new SqlTarget.RoleInDatabase(role, database);
    if (forDatabase) return new SqlTarget.Database(database);
    if (forRole) return new SqlTarget.Role(role);
    return null;
  }

  static String databaseOf(SqlTarget target) {
    if (target instanceof SqlTarget.Database d) return d.database();
    if (target instanceof SqlTarget.RoleInDatabase rd) return rd.database();
    return null;
  }

  static String roleOf(SqlTarget target) {
    if (target instanceof SqlTarget.Role r) return r.role();
    if (target instanceof SqlTarget.RoleInDatabase rd) return rd.role();
    return null;
  }
}
