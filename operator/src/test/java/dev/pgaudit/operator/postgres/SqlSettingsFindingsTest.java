package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_PARAMETER_MAX_SIZE;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_ROWS;
import static dev.pgaudit.operator.postgres.SqlFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.postgres.Finding.Kind;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What stops a write: pre-flight findings, and the same causes as exceptions from apply. */
class SqlSettingsFindingsTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  private final PgSessionOpener gateway = new PgSessionOpener(PgSessionOpener.StatementListener.NONE);
  private SqlFixture fixture;
  private PgAuditSession session;

  @BeforeEach
  void openSession() {
    fixture = new SqlFixture(PG.cluster());
    session = gateway.open(TestLogins.params(PG.cluster().avnadminParams()));
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  @Test
  void nothingStopsWritesOnWhatAvnadminOwnsAndCreated() {
    String db = fixture.createDatabase(unique("fine"));
    String role = fixture.createRole(unique("fine"));
    List<SqlTarget> targets = List.of(new SqlTarget.Database(db), new SqlTarget.Role(role),
        new SqlTarget.RoleInDatabase(role, db), new SqlTarget.Role("avnadmin"));
    assertThat(session.preflight(targets, Set.of(LOG, LOG_ROWS))).isEmpty();
    assertThat(session.preflight(List.of(), Set.of(LOG))).isEmpty();
  }

  @Test
  void missingDatabasesAndRolesAreFindingsAndErrorsOfTheirKind() {
    String db = fixture.createDatabase(unique("present"));
    String role = fixture.createRole(unique("present"));
    SqlTarget noDatabase = new SqlTarget.Database("no such db");
    SqlTarget noRole = new SqlTarget.Role("no such role");
    SqlTarget noRoleInDb = new SqlTarget.RoleInDatabase("no such role", db);
    SqlTarget roleInNoDb = new SqlTarget.RoleInDatabase(role, "no such db");

    List<Finding> findings = session.preflight(List.of(noDatabase, noRole, noRoleInDb, roleInNoDb), Set.of(LOG));

    assertThat(findings).extracting(Finding::kind, Finding::target).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Kind.DATABASE_NOT_FOUND, noDatabase),
        org.assertj.core.groups.Tuple.tuple(Kind.ROLE_NOT_FOUND, noRole),
        org.assertj.core.groups.Tuple.tuple(Kind.ROLE_NOT_FOUND, noRoleInDb),
        org.assertj.core.groups.Tuple.tuple(Kind.DATABASE_NOT_FOUND, roleInNoDb));
    assertThat(findings.get(0).message()).isEqualTo(
        "Cannot store pgaudit settings on database \"no such db\" because database \"no such db\" does not exist.");
    assertThat(findings.get(2).message()).contains("role \"no such role\" in database \"" + db + "\"", "does not exist");

    assertFails(() -> session.converge(noDatabase, Map.of(LOG, "read")), Kind.DATABASE_NOT_FOUND, noDatabase);
    assertFails(() -> session.converge(noRole, Map.of(LOG, "read")), Kind.ROLE_NOT_FOUND, noRole);
    assertFails(() -> session.converge(noRoleInDb, Map.of(LOG, "read")), Kind.ROLE_NOT_FOUND, noRoleInDb);
    assertFails(() -> session.converge(roleInNoDb, Map.of(LOG, "read")), Kind.DATABASE_NOT_FOUND, roleInNoDb);
  }

  @Test
  void aRevokedSetGrantIsAMissingPrivilege() {
    String db = fixture.createDatabase(unique("revoked"));
    SqlTarget target = new SqlTarget.Database(db);
    fixture.asSuperuser("REVOKE SET ON PARAMETER pgaudit.log_rows FROM avnadmin");
    try {
      List<Finding> findings = session.preflight(List.of(target), Set.of(LOG, LOG_ROWS));
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.kind()).isEqualTo(Kind.MISSING_PRIVILEGE);
        assertThat(f.setting()).isEqualTo(LOG_ROWS);
        assertThat(f.target()).isEqualTo(target);
        assertThat(f.message()).isEqualTo("Cannot set pgaudit.log_rows on database \"" + db
            + "\" because user \"avnadmin\" lacks GRANT SET ON PARAMETER pgaudit.log_rows.");
      });
      assertFails(() -> session.apply(target, Map.of(LOG_ROWS, "on"), Set.of()), Kind.MISSING_PRIVILEGE, target);
    } finally {
      fixture.asSuperuser("GRANT SET ON PARAMETER pgaudit.log_rows TO avnadmin");
    }
    assertThat(session.preflight(List.of(target), Set.of(LOG_ROWS))).isEmpty();
    assertThat(session.apply(target, Map.of(LOG_ROWS, "on"), Set.of())).hasSize(1);
  }

  /**
   * What a service shows while Aiven is still applying feature_enabled = true (reference §7.5):
   * avnadmin may not set the pgaudit parameters and the extension is not installed. That is one
   * passing state per target, not a missing grant on every parameter.
   */
  @Test
  void unusableParametersWithoutTheExtensionAreTheExtensionBeingEnabled() {
    String db = fixture.createDatabase(unique("enabling"));
    SqlTarget database = new SqlTarget.Database(db);
    SqlTarget role = new SqlTarget.Role(fixture.createRole(unique("enabling")));
    String all = String.join(", ", PG.cluster().pgauditSettings());
    PG.cluster().executeAsSuperuser("defaultdb", "DROP EXTENSION pgaudit", "REVOKE SET ON PARAMETER " + all + " FROM avnadmin");
    try {
      List<Finding> findings = session.preflight(List.of(database, role), Set.of(LOG, LOG_ROWS));
      assertThat(findings).extracting(Finding::kind).containsExactly(Kind.EXTENSION_NOT_READY, Kind.EXTENSION_NOT_READY);
      assertThat(findings).extracting(Finding::target).containsExactly(database, role);
      assertThat(findings.get(0).message()).contains("database \"" + db + "\"", "pgaudit extension is being enabled",
          "pgaudit.log");
      // A write that passed an earlier pre-flight and meets the window is the same passing state.
      assertFails(() -> session.apply(database, Map.of(LOG, "ddl"), Set.of()), Kind.EXTENSION_NOT_READY, database);
    } finally {
      PG.cluster().executeAsSuperuser("defaultdb", "GRANT SET ON PARAMETER " + all + " TO avnadmin", "CREATE EXTENSION pgaudit");
    }
    assertThat(session.preflight(List.of(database, role), Set.of(LOG, LOG_ROWS))).isEmpty();
  }

  @Test
  void aGrantThroughAGroupRoleCounts() {
    String group = fixture.createRole(unique("setters"));
    String db = fixture.createDatabase(unique("viagroup"));
    fixture.asSuperuser("REVOKE SET ON PARAMETER pgaudit.log_rows FROM avnadmin");
    try {
      fixture.asSuperuser("GRANT SET ON PARAMETER pgaudit.log_rows TO %I", group);
      fixture.asSuperuser("GRANT %I TO avnadmin", group);
      assertThat(session.preflight(List.of(new SqlTarget.Database(db)), Set.of(LOG_ROWS))).isEmpty();
      fixture.asSuperuser("REVOKE %I FROM avnadmin", group);
      assertThat(session.preflight(List.of(new SqlTarget.Database(db)), Set.of(LOG_ROWS)))
          .extracting(Finding::kind).containsExactly(Kind.MISSING_PRIVILEGE);
    } finally {
      fixture.asSuperuser("GRANT SET ON PARAMETER pgaudit.log_rows TO avnadmin");
    }
  }

  @Test
  void aDatabaseOwnedBySomeoneElseIsNotOwned_unlessAvnadminBelongsToTheOwnerRole() {
    String theirs = unique("theirs");
    fixture.asSuperuser("CREATE DATABASE %I", theirs);
    SqlTarget target = new SqlTarget.Database(theirs);

    assertThat(session.preflight(List.of(target), Set.of(LOG))).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(Kind.NOT_OWNER);
      assertThat(f.message()).contains("database \"" + theirs + "\"", "owner \"postgres\"");
    });
    assertFails(() -> session.converge(target, Map.of(LOG, "read")), Kind.NOT_OWNER, target);

    String team = unique("team");
    String shared = unique("teamdb");
    fixture.asSuperuser("CREATE ROLE %I", team);
    fixture.asSuperuser("CREATE DATABASE %I OWNER %I", shared, team);
    fixture.asSuperuser("GRANT %I TO avnadmin", team);
    SqlTarget teamTarget = new SqlTarget.Database(shared);
    assertThat(session.preflight(List.of(teamTarget), Set.of(LOG))).isEmpty();
    assertThat(session.converge(teamTarget, Map.of(LOG, "read"))).hasSize(1);

    String roleInTheirs = fixture.createRole(unique("guest"));
    assertThat(session.preflight(List.of(new SqlTarget.RoleInDatabase(roleInTheirs, theirs)), Set.of(LOG)))
        .as("role-in-database settings do not need database ownership").isEmpty();
  }

  @Test
  void aSuperuserRoleCannotBeChangedByANonSuperuser() {
    String boss = unique("boss");
    fixture.asSuperuser("CREATE ROLE %I SUPERUSER", boss);
    SqlTarget target = new SqlTarget.Role(boss);
    assertThat(session.preflight(List.of(target), Set.of(LOG))).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(Kind.MISSING_PRIVILEGE);
      assertThat(f.message()).contains("role \"" + boss + "\" is a superuser");
    });
    assertFails(() -> session.converge(target, Map.of(LOG, "read")), Kind.MISSING_PRIVILEGE, target);
  }

  @Test
  void aSettingTheServerDoesNotKnowIsReportedNotCrashedOn() {
    String db = fixture.createDatabase(unique("maxsize"));
    List<Finding> findings = session.preflight(List.of(new SqlTarget.Database(db)), Set.of(LOG_PARAMETER_MAX_SIZE));
    if (PG.cluster().pgauditSettings().contains(LOG_PARAMETER_MAX_SIZE.guc())) {
      assertThat(findings).isEmpty(); // pgaudit 16+
    } else {
      assertThat(findings).singleElement().satisfies(f -> {
        assertThat(f.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION);
        assertThat(f.setting()).isEqualTo(LOG_PARAMETER_MAX_SIZE);
        assertThat(f.message()).contains("pgaudit.log_parameter_max_size", "does not know");
      });
    }
  }

  @Test
  void anInvalidValueNamesSettingAndTarget() {
    String db = fixture.createDatabase(unique("invalid"));
    SqlTarget target = new SqlTarget.Database(db);
    assertFails(() -> session.apply(target, Map.of(PgAuditSetting.LOG_LEVEL, "error"), Set.of()), Kind.INVALID_VALUE, target);
    assertFails(() -> session.apply(target, Map.of(PgAuditSetting.LOG_RELATION, "maybe"), Set.of()), Kind.INVALID_VALUE, target);
  }

  @Test
  void anUnreachableServerIsAConnectionFailureWithoutThePassword() {
    PgConnectionParams good = TestLogins.params(PG.cluster().avnadminParams());
    PgConnectionParams closedPort = new PgConnectionParams(
        good.host(), freePort(), good.user(), good.password(), good.dbname(), "disable", null);
    assertThatThrownBy(() -> gateway.open(closedPort)).isInstanceOfSatisfying(SqlSettingsException.class, e -> {
      assertThat(e.finding().kind()).isEqualTo(Kind.CONNECTION_FAILED);
      assertThat(e.getMessage()).startsWith("Cannot connect to PostgreSQL at 127.0.0.1:" + closedPort.port())
          .doesNotContain(good.password());
    });
  }

  @Test
  void aServerThatGoesAwayMidSessionIsAConnectionFailure_andANewSessionWorksAfterRestart() {
    String db = fixture.createDatabase(unique("restart"));
    SqlTarget target = new SqlTarget.Database(db);
    PG.cluster().stop();
    try {
      assertFails(() -> session.converge(target, Map.of(LOG, "read")), Kind.CONNECTION_FAILED, null);
      assertThat(session.preflight(List.of(target), Set.of(LOG)))
          .singleElement().extracting(Finding::kind).isEqualTo(Kind.CONNECTION_FAILED);
    } finally {
      PG.cluster().start();
    }
    try (PgAuditSession fresh = gateway.open(TestLogins.params(PG.cluster().avnadminParams()))) {
      assertThat(fresh.converge(target, Map.of(LOG, "read"))).hasSize(1);
    }
  }

  private static void assertFails(ThrowingCallable call, Kind kind, SqlTarget target) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SqlSettingsException.class, e -> {
      assertThat(e.finding().kind()).as(e.getMessage()).isEqualTo(kind);
      if (target != null) {
        assertThat(e.finding().target()).isEqualTo(target);
        assertThat(e.getMessage()).contains(target.describe());
      }
      assertThat(e.getMessage()).as("one sentence").endsWith(".").doesNotContain("\n");
    });
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
