package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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

  // The same statement also lists what a policy's scope can cover, so coverage costs no query of
  // its own: user databases (no templates, none closed to connections, not Aiven's own _aiven) and
  // login roles (not superusers: on Aiven those are Aiven's own, not the customer's); and who may
  // connect where (CONNECT, checked at login: a pair whose role may not connect has no session to
  // audit). A database is 'open' when PUBLIC holds CONNECT (has_database_privilege('public', ...):
  // datacl null, i.e. the default, or an entry for PUBLIC with CONNECT), with no row per role; else
  // 'restricted', and then each login role that may connect comes as a 'connect' row.
  //
  // PostgreSQL decides, has_database_privilege(role, database, 'CONNECT') (owner, grants, membership
  // with INHERIT, version by version), but only for candidates: the grantees of CONNECT on a
  // restricted database and, through pg_auth_members, their members at any depth (a superset:
  // NOINHERIT members are candidates that PostgreSQL then turns down). Asking it for every
  // restricted database x login role costs per pair: on the benchmark's catalog (300 databases kept
  // to 7 of 600 login roles each) that took 480-740 ms, this query 9 ms (2-5 ms without who may
  // connect; a loaded 2-core machine, psql/pgbench). The OFFSET 0 keeps the check after the join
  // to login roles, so it runs once per candidate, not once per row the join looks at; candidate
  // is recursive, hence materialized: inlined (without the membership step) the plan took 120 ms.
  private static final String WITH_CATALOG = """
      WITH RECURSIVE db AS MATERIALIZED (
        SELECT d.oid, d.datname, d.datacl, pg_catalog.has_database_privilege('public', d.oid, 'CONNECT') AS open
        FROM pg_catalog.pg_database d
        WHERE NOT d.datistemplate AND d.datallowconn AND d.datname NOT LIKE '\\_aiven%'
      ), login AS NOT MATERIALIZED (
        SELECT r.oid, r.rolname FROM pg_catalog.pg_roles r
        WHERE r.rolcanlogin AND NOT r.rolsuper AND r.rolname NOT LIKE 'pg\\_%' AND r.rolname NOT LIKE '\\_aiven%'
      ), candidate(dboid, datname, roleid) AS (
        SELECT db.oid, db.datname, a.grantee FROM db CROSS JOIN LATERAL pg_catalog.aclexplode(db.datacl) a
        WHERE NOT db.open AND a.privilege_type = 'CONNECT'
        UNION
        SELECT c.dboid, c.datname, m.member FROM candidate c JOIN pg_catalog.pg_auth_members m ON m.roleid = c.roleid
      )
      SELECT 'setting' AS kind, s.* FROM (""" + SQL + """
      ) s
      UNION ALL
      SELECT CASE WHEN db.open THEN 'database' ELSE 'restricted' END, true, db.datname, false, NULL, NULL, NULL FROM db
      UNION ALL
      SELECT 'role', false, NULL, true, login.rolname, NULL, NULL FROM login
      UNION ALL
      SELECT 'connect', true, c.datname, true, c.rolname, NULL, NULL
      FROM (SELECT candidate.dboid, candidate.datname, login.oid AS roleid, login.rolname
            FROM candidate JOIN login ON login.oid = candidate.roleid OFFSET 0) c
      WHERE pg_catalog.has_database_privilege(c.roleid, c.dboid, 'CONNECT')
      """;

  private static final String ONE_TARGET = SQL + """
        AND d.datname IS NOT DISTINCT FROM ?::name
        AND r.rolname IS NOT DISTINCT FROM ?::name
        AND (s.setdatabase <> 0) = ? AND (s.setrole <> 0) = ?
      """;

  static StoredSettings readAll(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(WITH_CATALOG)) {
      return collect(statement, true);
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
      return collect(statement, false).of(target);
    }
  }

  private static StoredSettings collect(PreparedStatement statement, boolean withCatalog) throws SQLException {
    Map<SqlTarget, Map<PgAuditSetting, String>> byTarget = new LinkedHashMap<>();
    List<String> databases = new ArrayList<>();
    List<String> loginRoles = new ArrayList<>();
    Map<String, List<String>> restricted = new HashMap<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String kind = withCatalog ? rows.getString("kind") : "setting";
        if ("database".equals(kind) || "restricted".equals(kind)) {
          String database = shared(rows.getString("datname"));
          databases.add(database);
          if ("restricted".equals(kind)) restricted.computeIfAbsent(database, d -> new ArrayList<>());
          continue;
        }
        if ("connect".equals(kind)) {
          restricted.computeIfAbsent(shared(rows.getString("datname")), d -> new ArrayList<>())
              .add(shared(rows.getString("rolname")));
          continue;
        }
        if ("role".equals(kind)) {
          loginRoles.add(shared(rows.getString("rolname")));
          continue;
        }
        SqlTarget target = shared(targetOf(
            rows.getBoolean("for_database"), shared(rows.getString("datname")),
            rows.getBoolean("for_role"), shared(rows.getString("rolname"))));
        PgAuditSetting setting = PgAuditSetting.fromGuc(rows.getString("option_name"));
        if (target == null || setting == null) continue; // vanished target, or a pgaudit name we do not manage
        byTarget.computeIfAbsent(target, t -> new EnumMap<>(PgAuditSetting.class))
            .put(setting, shared(rows.getString("option_value")));
      }
    }
    // Targets with the same settings (many, e.g. pgaudit.log = 'read, write' on every app role) share one map.
    Map<Map<PgAuditSetting, String>, Map<PgAuditSetting, String>> alike = new HashMap<>();
    byTarget.replaceAll((t, settings) -> alike.computeIfAbsent(settings, Collections::unmodifiableMap));
    if (!withCatalog) return new StoredSettings(byTarget);
    Collections.sort(databases);
    Collections.sort(loginRoles);
    return new StoredSettings(byTarget, sharedCatalog(new Catalog(databases, loginRoles, restricted)));
  }

  /** The databases, login roles and who may connect where, as one reading found them. */
  record Catalog(List<String> databases, List<String> loginRoles, Map<String, List<String>> restricted,
      ConnectRights connect) {
    Catalog(List<String> databases, List<String> loginRoles, Map<String, List<String>> restricted) {
      this(List.copyOf(databases), List.copyOf(loginRoles), Map.copyOf(restricted), ConnectRights.restricted(restricted));
    }

    boolean sameAs(Catalog other) {
      return other != null && databases.equals(other.databases) && loginRoles.equals(other.loginRoles)
          && restricted.equals(other.restricted);
    }
  }

  // Readings of one server differ in a few settings between writes; their catalog and target names
  // rarely do. The operator keeps the latest reading of every service, so where one server stands
  // for many services (the benchmark: one PostgreSQL, 1,000 services, 7,000 targets) a copy of each
  // per service filled the heap. Equal catalogs and targets are shared instead.
  private static final AtomicReference<Catalog> LAST_CATALOG = new AtomicReference<>();
  private static final Map<SqlTarget, SqlTarget> TARGETS = new ConcurrentHashMap<>();
  /** Beyond this many distinct targets the table starts again (targets of servers long gone go with it). */
  private static final int MAX_SHARED_TARGETS = 200_000;

  private static Catalog sharedCatalog(Catalog read) {
    Catalog last = LAST_CATALOG.get();
    if (read.sameAs(last)) return last;
    LAST_CATALOG.set(read);
    return read;
  }

  private static SqlTarget shared(SqlTarget target) {
    if (target == null) return null;
    if (TARGETS.size() > MAX_SHARED_TARGETS) TARGETS.clear();
    SqlTarget known = TARGETS.putIfAbsent(target, target);
    return known != null ? known : target;
  }

  /**
   * One instance per distinct name or value. The operator keeps the latest reading of every service
   * (and its coverage), and each read returns its names and values anew: the same few values ("on",
   * "read, write") on many targets, and names every service has (avnadmin, defaultdb), were held once
   * per target and service. In the benchmark, where one PostgreSQL stands for 100 services, that was
   * 6.4 MB of duplicate catalog names and 2 MB of duplicate values. Interned strings are still
   * collected once no reading holds them.
   */
  private static String shared(String text) {
    return text == null ? null : text.intern();
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
