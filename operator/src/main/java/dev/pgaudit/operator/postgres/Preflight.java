package dev.pgaudit.operator.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, in at most three round trips, what would stop ALTER ... SET on the given targets:
 * server version, SET privilege per parameter, existence of databases and roles, database
 * ownership and the rules for altering roles.
 */
final class Preflight {

  /** Who we are on this server; read once per session. */
  record Facts(int serverVersionNum, String currentUser, boolean superuser, boolean createRole) {}

  private static final String FACTS_SQL = """
      SELECT current_setting('server_version_num')::int, current_user, r.rolsuper, r.rolcreaterole
      FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
      """;

  // has_parameter_privilege is only asked about names pg_settings knows: for other names some
  // servers raise "unrecognized configuration parameter" instead of answering.
  private static final String PARAMETERS_SQL = """
      SELECT n.name, s.name IS NOT NULL AS known,
             CASE WHEN s.name IS NULL THEN false
                  ELSE pg_catalog.has_parameter_privilege(n.name, 'SET') END AS can_set
      FROM unnest(?::text[]) AS n(name)
      LEFT JOIN pg_catalog.pg_settings s ON s.name = n.name
      """;

  // Aiven installs the extension when feature_enabled becomes true (reference §7.5).
  static final String EXTENSION_SQL =
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pgaudit')";

  // pg_has_role(datdba, 'MEMBER'): members of the owning role may alter the database too.
  // The ADMIN option matters from PostgreSQL 16 (ALTER ROLE needs CREATEROLE plus ADMIN).
  private static final String TARGETS_SQL = """
      SELECT t.position,
             d.oid IS NOT NULL AS db_exists,
             COALESCE(pg_catalog.pg_has_role(d.datdba, 'MEMBER'), false) AS db_owned,
             pg_catalog.pg_get_userbyid(d.datdba) AS db_owner,
             r.oid IS NOT NULL AS role_exists,
             COALESCE(r.rolsuper, false) AS role_superuser,
             COALESCE(r.rolname = current_user, false) AS role_is_self,
             CASE WHEN r.oid IS NULL THEN false
                  ELSE pg_catalog.pg_has_role(r.oid, 'MEMBER WITH ADMIN OPTION') END AS role_admin
      FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(db, role, position)
      LEFT JOIN pg_catalog.pg_database d ON d.datname = t.db
      LEFT JOIN pg_catalog.pg_roles r ON r.rolname = t.role
      """;

  private final Connection connection;
  private final Facts facts;

  Preflight(Connection connection, Facts facts) {
    this.connection = connection;
    this.facts = facts;
  }

  static Facts readFacts(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(FACTS_SQL);
         ResultSet row = statement.executeQuery()) {
      if (!row.next()) throw new SQLException("current_user is missing from pg_roles");
      return new Facts(row.getInt(1), row.getString(2), row.getBoolean(3), row.getBoolean(4));
    }
  }

  List<Finding> check(Collection<SqlTarget> targets, Set<PgAuditSetting> settings) throws SQLException {
    List<SqlTarget> distinct = new ArrayList<>(new LinkedHashSet<>(targets));
    List<Finding> findings = new ArrayList<>();
    if (distinct.isEmpty()) return findings;
    if (facts.serverVersionNum() < 150000) {
      for (SqlTarget target : distinct) findings.add(FindingMessages.unsupportedVersion(target, facts.serverVersionNum()));
      return findings;
    }
    Map<PgAuditSetting, ParameterState> parameters = parameters(settings);
    Map<SqlTarget, TargetState> states = targets(distinct);
    PgAuditSetting unusable = firstUnusable(parameters);
    boolean enabling = unusable != null && !extensionInstalled();
    for (SqlTarget target : distinct) {
      findings.addAll(targetFindings(target, states.get(target)));
      if (enabling) {
        findings.add(FindingMessages.extensionEnabling(target, unusable, facts.currentUser()));
        continue;
      }
      for (PgAuditSetting setting : PgAuditSetting.values()) {
        ParameterState p = parameters.get(setting);
        if (p == null) continue;
        if (!p.known()) findings.add(FindingMessages.unknownSetting(target, setting));
        else if (!p.canSet()) findings.add(FindingMessages.missingSetPrivilege(target, setting, facts.currentUser()));
      }
    }
    return findings;
  }

  /**
   * A pgaudit parameter this user cannot set (unknown to the server, or no SET privilege), or null.
   * While feature_enabled is being applied (reference §7.5) that is every one of them, and the
   * extension is not installed yet: then it is a passing state, not a missing grant.
   */
  private static PgAuditSetting firstUnusable(Map<PgAuditSetting, ParameterState> parameters) {
    for (PgAuditSetting setting : PgAuditSetting.values()) {
      ParameterState p = parameters.get(setting);
      if (p != null && (!p.known() || !p.canSet())) return setting;
    }
    return null;
  }

  private boolean extensionInstalled() throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(EXTENSION_SQL);
         ResultSet row = statement.executeQuery()) {
      return row.next() && row.getBoolean(1);
    }
  }

  private List<Finding> targetFindings(SqlTarget target, TargetState s) {
    List<Finding> findings = new ArrayList<>();
    String database = StoredSettingsQuery.databaseOf(target);
    String role = StoredSettingsQuery.roleOf(target);
    if (database != null && !s.databaseExists()) {
      findings.add(FindingMessages.databaseNotFound(target, database));
    } else if (target instanceof SqlTarget.Database && !s.databaseOwned()) {
      findings.add(FindingMessages.notOwner(target, database, s.databaseOwner(), facts.currentUser()));
    }
    if (role == null) return findings;
    if (!s.roleExists()) {
      findings.add(FindingMessages.roleNotFound(target, role));
    } else if (s.roleIsSelf()) {
      return findings; // a role may always change its own settings (given the SET privilege)
    } else if (s.roleSuperuser() && !facts.superuser()) {
      findings.add(FindingMessages.superuserRole(target, role, facts.currentUser()));
    } else if (!facts.superuser() && !facts.createRole()) {
      findings.add(FindingMessages.noCreateRole(target, facts.currentUser()));
    } else if (facts.serverVersionNum() >= 160000 && !s.roleAdmin()) {
      findings.add(FindingMessages.noAdminOption(target, role, facts.currentUser()));
    }
    return findings;
  }

  private record ParameterState(boolean known, boolean canSet) {}

  private record TargetState(
      boolean databaseExists, boolean databaseOwned, String databaseOwner,
      boolean roleExists, boolean roleSuperuser, boolean roleIsSelf, boolean roleAdmin) {}

  private Map<PgAuditSetting, ParameterState> parameters(Set<PgAuditSetting> settings) throws SQLException {
    Map<PgAuditSetting, ParameterState> result = new HashMap<>();
    if (settings.isEmpty()) return result;
    String[] names = settings.stream().map(PgAuditSetting::guc).toArray(String[]::new);
    try (PreparedStatement statement = connection.prepareStatement(PARAMETERS_SQL)) {
      statement.setArray(1, textArray(names));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          result.put(PgAuditSetting.fromGuc(rows.getString("name")),
              new ParameterState(rows.getBoolean("known"), rows.getBoolean("can_set")));
        }
      }
    }
    return result;
  }

  private Map<SqlTarget, TargetState> targets(List<SqlTarget> targets) throws SQLException {
    String[] databases = targets.stream().map(StoredSettingsQuery::databaseOf).toArray(String[]::new);
    String[] roles = targets.stream().map(StoredSettingsQuery::roleOf).toArray(String[]::new);
    Map<SqlTarget, TargetState> result = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(TARGETS_SQL)) {
      statement.setArray(1, textArray(databases));
      statement.setArray(2, textArray(roles));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          // position is 1-based, in the order of the arrays, so it points back at the target
          result.put(targets.get(rows.getInt("position") - 1), new TargetState(
              rows.getBoolean("db_exists"), rows.getBoolean("db_owned"), rows.getString("db_owner"),
              rows.getBoolean("role_exists"), rows.getBoolean("role_superuser"),
              rows.getBoolean("role_is_self"), rows.getBoolean("role_admin")));
        }
      }
    }
    return result;
  }

  private Array textArray(String[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }
}
