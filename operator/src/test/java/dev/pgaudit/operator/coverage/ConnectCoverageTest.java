package dev.pgaudit.operator.coverage;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.Policies;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.TestLogins;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import dev.pgaudit.testkit.postgres.PgLogin;
import dev.pgaudit.testkit.postgres.PgQuote;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coverage counts only the pairs whose role may connect to the database (CONNECT, checked at
 * login), on a real PostgreSQL as avnadmin: a database kept to some roles with REVOKE CONNECT ...
 * FROM PUBLIC, CONNECT through a group role, and databases open to PUBLIC as before. Who may
 * connect is held to PostgreSQL's own has_database_privilege, and to who really can log in there.
 */
class ConnectCoverageTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final Map<String, Object> ENABLED = Map.of("feature_enabled", true);
  private static final String CREATED = "2026-01-01T00:00:00Z";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Pattern AUDIT = Pattern.compile(" (\\S+)@(\\S+) LOG:  AUDIT: SESSION,\\d+,\\d+,([A-Z_]+),");

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  @Test
  void aDatabaseKeptToOneRoleIsCoveredForThatRoleAndItsOwnerOnlyAndARoleThatCannotConnectShadowsNothing()
      throws Exception {
    String db = unique("kept");
    String app = unique("app");
    String bob = unique("bob");
    asAdmin("CREATE DATABASE " + q(db), "CREATE ROLE " + q(app) + " LOGIN", "CREATE ROLE " + q(bob) + " LOGIN",
        "REVOKE CONNECT ON DATABASE " + q(db) + " FROM PUBLIC", "GRANT CONNECT ON DATABASE " + q(db) + " TO " + q(app),
        "ALTER DATABASE " + q(db) + " SET pgaudit.log = 'ddl'",
        // bob may not connect to db: his silencing there has no session to silence
        "ALTER ROLE " + q(bob) + " SET pgaudit.log = 'none'");
    PgAuditPolicy keptDdl = Policies.database("kept-ddl", CREATED, List.of(db), DDL);

    CoverageSnapshot snapshot = snapshot(keptDdl);
    CoverageReport report = snapshot.reports().get("kept-ddl");

    assertThat(postgresSaysMayConnect(db)).containsExactly(PgAuditCluster.ADMIN_USER, app);
    assertThat(snapshot.stored().connect().restricted().get(db)).containsExactly(PgAuditCluster.ADMIN_USER, app);
    assertThat(report.pairs()).extracting(p -> p.pair() + " " + p.cause())
        .containsExactly("avnadmin@" + db + " COVERED", app + "@" + db + " COVERED");
    assertThat(report.effective()).isTrue();
    assertThat(report.message()).isEqualTo("all 2 (database, login role) pair(s) the policy covers are audited as it says");

    // The audit log agrees: the covered pairs' sessions audit DDL; bob has no session there at all.
    long mark = PG.cluster().logMark();
    for (String role : List.of(PgAuditCluster.ADMIN_USER, app)) {
      execute(login(role, db), "CREATE TEMPORARY TABLE connect_probe (i int)");
    }
    assertThatThrownBy(() -> execute(login(bob, db), "SELECT 1"))
        .hasMessageContaining("permission denied for database \"" + db + "\"");
    execute(PG.cluster().superuserParams(), "SET pgaudit.log = 'read'", "SELECT 'connect-barrier' FROM pg_class LIMIT 1");
    List<String> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> PG.cluster().auditLinesSince(mark), l -> l.stream().anyMatch(x -> x.contains("connect-barrier")));
    List<String> audited = new ArrayList<>();
    for (String line : lines) {
      Matcher m = AUDIT.matcher(line);
      if (m.find() && m.group(2).equals(db)) audited.add(m.group(1) + "@" + m.group(2) + " " + m.group(3));
    }
    assertThat(audited).containsExactly("avnadmin@" + db + " DDL", app + "@" + db + " DDL");
  }

  @Test
  void connectThroughAGroupRoleCountsForItsInheritingMembersAtAnyDepthButNotForANoInheritMember() {
    String db = unique("staffonly");
    String staff = unique("staff");
    String team = unique("team");
    String clerk = unique("clerk");
    String deep = unique("deep");
    String noinherit = unique("noinherit");
    asAdmin("CREATE DATABASE " + q(db), "CREATE ROLE " + q(staff), "CREATE ROLE " + q(team),
        "CREATE ROLE " + q(clerk) + " LOGIN", "CREATE ROLE " + q(deep) + " LOGIN",
        "CREATE ROLE " + q(noinherit) + " LOGIN NOINHERIT",
        "GRANT " + q(staff) + " TO " + q(clerk) + ", " + q(team) + ", " + q(noinherit), "GRANT " + q(team) + " TO " + q(deep),
        "REVOKE CONNECT ON DATABASE " + q(db) + " FROM PUBLIC", "GRANT CONNECT ON DATABASE " + q(db) + " TO " + q(staff));
    PgAuditPolicy staffDdl = Policies.database("staff-ddl", CREATED, List.of(db), DDL);
    PgAuditPolicy noinheritWrites = Policies.policy("noinherit-writes", CREATED, ScopeLevel.Role, null, List.of(noinherit),
        WRITE);

    CoverageSnapshot snapshot = snapshot(staffDdl, noinheritWrites);

    assertThat(postgresSaysMayConnect(db)).containsExactly(PgAuditCluster.ADMIN_USER, clerk, deep);
    assertThat(snapshot.reports().get("staff-ddl").pairs()).extracting(p -> p.pair().toString())
        .containsExactly("avnadmin@" + db, clerk + "@" + db, deep + "@" + db);
    // A role's pairs are the databases it may connect to: every open one, not db.
    List<String> open = snapshot.stored().databases().stream().filter(d -> snapshot.stored().connect().openToAll(d)).toList();
    assertThat(snapshot.reports().get("noinherit-writes").pairs()).extracting(p -> p.pair().database())
        .doesNotContain(db).containsExactlyElementsOf(open);
    assertThatThrownBy(() -> execute(login(noinherit, db), "SELECT 1"))
        .hasMessageContaining("permission denied for database \"" + db + "\"");
  }

  @Test
  void aDatabaseOpenToPublicIsCoveredForEveryLoginRoleAsBefore() {
    String db = unique("open");
    String app = unique("app");
    asAdmin("CREATE DATABASE " + q(db), "CREATE ROLE " + q(app) + " LOGIN", "ALTER DATABASE " + q(db) + " SET pgaudit.log = 'ddl'",
        "ALTER ROLE " + q(app) + " SET pgaudit.log = 'none'");
    PgAuditPolicy openDdl = Policies.database("open-ddl", CREATED, List.of(db), DDL);

    CoverageSnapshot snapshot = snapshot(openDdl);
    CoverageReport report = snapshot.reports().get("open-ddl");

    List<String> loginRoles = snapshot.stored().loginRoles();
    assertThat(snapshot.stored().connect().openToAll(db)).isTrue();
    assertThat(postgresSaysMayConnect(db)).isEqualTo(loginRoles).contains(app, PgAuditCluster.ADMIN_USER);
    assertThat(report.pairs()).extracting(p -> p.pair().role()).isEqualTo(loginRoles);
    // (other tests' roles may carry settings of their own)
    assertThat(report.pairs()).filteredOn(p -> List.of(PgAuditCluster.ADMIN_USER, app).contains(p.pair().role()))
        .extracting(p -> p.pair() + " " + p.cause())
        .containsExactly("avnadmin@" + db + " COVERED", app + "@" + db + " SHADOWED_OUTSIDE");
  }

  private static CoverageSnapshot snapshot(PgAuditPolicy... live) {
    return CoverageSnapshot.read(TestLogins.params(PG.cluster().avnadminParams()), SERVICE, ENABLED, List.of(live));
  }

  /** PostgreSQL's own answer, asked for every login role (not superusers) on its own. */
  private static List<String> postgresSaysMayConnect(String db) {
    String sql = "SELECT r.rolname FROM pg_roles r WHERE r.rolcanlogin AND NOT r.rolsuper"
        + " AND has_database_privilege(r.oid, (SELECT oid FROM pg_database WHERE datname = ?), 'CONNECT') ORDER BY 1";
    try (Connection c = connect(PG.cluster().superuserParams()); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, db);
      List<String> roles = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) roles.add(rows.getString(1));
      }
      return roles;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PgLogin login(String role, String db) {
    return new PgLogin("127.0.0.1", PG.cluster().port(), role, null, db, "disable");
  }

  private static void asAdmin(String... statements) {
    try {
      execute(PG.cluster().avnadminParams(), statements);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(PgLogin params, String... statements) throws SQLException {
    try (Connection c = connect(params); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }

  /** A fresh name, so the tests of this class never share objects. */
  private static String unique(String stem) {
    return "conn_" + stem + "_" + COUNTER.incrementAndGet();
  }

  private static String q(String name) {
    return PgQuote.identifier(name);
  }
}
