package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.SqlFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What coverage reads, on a real PostgreSQL as avnadmin: the databases and login roles (with the
 * settings, in the one query) and the client sessions, whose start avnadmin sees only for its own.
 */
class CoverageQueriesTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  private static PgAuditSession session() {
    return new PgSessionOpener(PgSessionOpener.StatementListener.NONE).open(TestLogins.params(PG.cluster().avnadminParams()));
  }

  @Test
  void theSettingsQueryListsUserDatabasesAndLoginRolesButNoTemplatesGroupRolesOrSuperusers() {
    SqlFixture fixture = new SqlFixture(PG.cluster());
    String db = fixture.createDatabase(unique("shop"));
    String login = unique("clerk");
    String group = fixture.createRole(unique("staff"));
    fixture.asAdmin("CREATE ROLE %I LOGIN", login);
    fixture.asAdmin("CREATE DATABASE %I", "closed_" + db);
    fixture.asSuperuser("ALTER DATABASE %I ALLOW_CONNECTIONS false", "closed_" + db);

    try (PgAuditSession session = session()) {
      StoredSettings read = session.readAll();

      assertThat(read.knowsCatalog()).isTrue();
      assertThat(read.databases()).contains(db, PgAuditCluster.ADMIN_DATABASE)
          .doesNotContain("template0", "template1", "closed_" + db);
      assertThat(read.loginRoles()).contains(login, PgAuditCluster.ADMIN_USER)
          .doesNotContain(group, PgAuditCluster.SUPERUSER);
    }
  }

  @Test
  void sessionsOfOtherRolesAreSeenWithoutTheirStartTimeAndOwnSessionsWithIt() throws Exception {
    SqlFixture fixture = new SqlFixture(PG.cluster());
    String db = fixture.createDatabase(unique("pool"));
    String app = unique("app");
    fixture.asAdmin("CREATE ROLE %I LOGIN", app);
    var appParams = new PgLogin("127.0.0.1", PG.cluster().port(), app, null, db, "disable");

    try (Connection own = SqlFixture.connect(PG.cluster().avnadminParams(db));
         Connection other = SqlFixture.connect(appParams);
         PgAuditSession session = session()) {
      ClientSessions read = session.clientSessions();

      assertThat(read.sessions()).filteredOn(s -> s.database().equals(db))
          .extracting(s -> s.role() + " " + (s.started() == null ? "hidden" : "seen"))
          .containsExactlyInAnyOrder(PgAuditCluster.ADMIN_USER + " seen", app + " hidden");
      assertThat(read.sessions()).filteredOn(s -> s.database().equals(db) && s.started() != null)
          .allSatisfy(s -> assertThat(s.started()).isBefore(read.readAt()));
    }
  }

  @Test
  void twoReadingsOfAnUnchangedCatalogShareItsListsAndTargetsSoManyServicesOnOneServerCostOneCopy() {
    SqlFixture fixture = new SqlFixture(PG.cluster());
    String db = fixture.createDatabase(unique("ledger"));
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log = 'ddl'", db);

    try (PgAuditSession one = session(); PgAuditSession other = session()) {
      StoredSettings first = one.readAll();
      StoredSettings second = other.readAll();

      assertThat(second.databases()).isSameAs(first.databases());
      assertThat(second.loginRoles()).isSameAs(first.loginRoles());
      assertThat(second.connect()).isSameAs(first.connect());
      SqlTarget target = new SqlTarget.Database(db);
      SqlTarget firstKey = first.byTarget().keySet().stream().filter(target::equals).findFirst().orElseThrow();
      SqlTarget secondKey = second.byTarget().keySet().stream().filter(target::equals).findFirst().orElseThrow();
      assertThat(secondKey).isSameAs(firstKey);
    }
  }
}
