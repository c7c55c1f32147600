package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_CATALOG;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_CLIENT;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_LEVEL;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_RELATION;
import static dev.pgaudit.operator.postgres.PgAuditSetting.ROLE;
import static dev.pgaudit.operator.postgres.SqlFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading and writing every scope as avnadmin (not a superuser) on a real PostgreSQL + pgaudit. */
class SqlSettingsScopesTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  private final List<SettingWrite> heard = new ArrayList<>();
  private SqlFixture fixture;
  private PgAuditSession session;

  @BeforeEach
  void openSession() {
    fixture = new SqlFixture(PG.cluster());
    session = new PgSessionOpener(heard::add).open(TestLogins.params(PG.cluster().avnadminParams()));
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  @Test
  void everyScopeLandsInItsOwnRowOfPgDbRoleSetting() {
    String db = fixture.createDatabase(unique("orders"));
    String role = fixture.createRole(unique("app"));

    List<String> statements = new ArrayList<>();
    statements.addAll(session.converge(new SqlTarget.Database(db), Map.of(LOG, "ddl, write")));
    statements.addAll(session.converge(new SqlTarget.Role(role), Map.of(LOG, "read", LOG_CATALOG, "off")));
    statements.addAll(session.converge(new SqlTarget.RoleInDatabase(role, db), Map.of(ROLE, "auditor")));

    assertThat(fixture.storedConfig(db, null)).containsExactly("pgaudit.log=ddl, write");
    assertThat(fixture.storedConfig(null, role)).containsExactly("pgaudit.log=read", "pgaudit.log_catalog=off");
    assertThat(fixture.storedConfig(db, role)).containsExactly("pgaudit.role=auditor");
    assertThat(statements).containsExactly(
        "ALTER DATABASE \"" + db + "\" SET pgaudit.log = 'ddl, write'",
        "ALTER ROLE \"" + role + "\" SET pgaudit.log = 'read'",
        "ALTER ROLE \"" + role + "\" SET pgaudit.log_catalog = 'off'",
        "ALTER ROLE \"" + role + "\" IN DATABASE \"" + db + "\" SET pgaudit.role = 'auditor'");
    assertThat(heard).as("every executed statement reaches the listener, typed").containsExactly(
        new SettingWrite.Set(new SqlTarget.Database(db), LOG, "ddl, write", statements.get(0)),
        new SettingWrite.Set(new SqlTarget.Role(role), LOG, "read", statements.get(1)),
        new SettingWrite.Set(new SqlTarget.Role(role), LOG_CATALOG, "off", statements.get(2)),
        new SettingWrite.Set(new SqlTarget.RoleInDatabase(role, db), ROLE, "auditor", statements.get(3)));

    StoredSettings all = session.readAll();
    assertThat(all.of(new SqlTarget.Database(db))).isEqualTo(Map.of(LOG, "ddl, write"));
    assertThat(all.of(new SqlTarget.Role(role))).isEqualTo(Map.of(LOG, "read", LOG_CATALOG, "off"));
    assertThat(all.of(new SqlTarget.RoleInDatabase(role, db))).isEqualTo(Map.of(ROLE, "auditor"));
  }

  @Test
  void aSecondConvergeOfTheSameStateRunsNothing_evenWhenTheStoredSpellingDiffers() {
    String db = fixture.createDatabase(unique("idem"));
    SqlTarget target = new SqlTarget.Database(db);
    Map<PgAuditSetting, String> desired = Map.of(LOG, "read, ddl", LOG_RELATION, "on", LOG_LEVEL, "log");

    assertThat(session.converge(target, desired)).hasSize(3);
    assertThat(session.converge(target, desired)).isEmpty();

    // Someone stored the same meaning in other words: still nothing to do.
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log = 'DDL,READ'", db);
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log_relation = 'yes'", db);
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log_level = 'LOG'", db);
    heard.clear();
    assertThat(session.converge(target, desired)).isEmpty();
    assertThat(heard).isEmpty();

    // A real difference is exactly one statement.
    assertThat(session.converge(target, Map.of(LOG, "read, ddl, write", LOG_RELATION, "TRUE")))
        .containsExactly("ALTER DATABASE \"" + db + "\" SET pgaudit.log = 'read, ddl, write'");
  }

  @Test
  void resetRemovesTheEntryAndTheRowWithItsLastEntry() {
    String db = fixture.createDatabase(unique("reset"));
    String role = fixture.createRole(unique("resetrole"));
    SqlTarget target = new SqlTarget.RoleInDatabase(role, db);
    session.converge(target, Map.of(LOG, "write", LOG_CATALOG, "off"));

    Map<PgAuditSetting, String> resetLog = new HashMap<>();
    resetLog.put(LOG, null);
    heard.clear();
    String resetSql = "ALTER ROLE \"" + role + "\" IN DATABASE \"" + db + "\" RESET pgaudit.log";
    assertThat(session.converge(target, resetLog)).containsExactly(resetSql);
    assertThat(heard).containsExactly(new SettingWrite.Reset(target, LOG, resetSql));
    assertThat(fixture.storedConfig(db, role)).containsExactly("pgaudit.log_catalog=off");
    assertThat(session.converge(target, resetLog)).as("resetting what is not stored runs nothing").isEmpty();

    assertThat(session.apply(target, Map.of(), Set.of(LOG_CATALOG))).hasSize(1);
    assertThat(fixture.storedConfig(db, role)).isEmpty();
    assertThat(session.readAll().byTarget()).doesNotContainKey(target);
  }

  @Test
  void neighboursStayUntouched_otherKeysNonPgauditSettingsAndOtherTargets() {
    String db = fixture.createDatabase(unique("shared"));
    String other = fixture.createDatabase(unique("other"));
    String role = fixture.createRole(unique("neighbour"));
    fixture.asAdmin("ALTER DATABASE %I SET work_mem = '64MB'", db);
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log_client = 'on'", db);
    fixture.asAdmin("ALTER DATABASE %I SET pgaudit.log = 'write'", other);
    fixture.asAdmin("ALTER ROLE %I SET pgaudit.log = 'ddl'", role);
    fixture.asAdmin("ALTER ROLE %I IN DATABASE %I SET pgaudit.log = 'role'", role, db);
    List<String> before = fixture.allStoredConfig();

    SqlTarget target = new SqlTarget.Database(db);
    session.converge(target, Map.of(LOG, "read"));
    Map<PgAuditSetting, String> reset = new HashMap<>();
    reset.put(LOG, null);
    session.converge(target, reset);

    assertThat(fixture.allStoredConfig()).isEqualTo(before);
    assertThat(fixture.storedConfig(db, null)).containsExactly("pgaudit.log_client=on", "work_mem=64MB");
    assertThat(session.readAll().of(target)).as("work_mem is not a pgaudit setting").isEqualTo(Map.of(LOG_CLIENT, "on"));
  }

  @Test
  void readAllIgnoresRoleAllSettingsAndPgauditNamesItDoesNotManage() {
    String db = fixture.createDatabase(unique("unknownkeys"));
    fixture.asSuperuser("ALTER DATABASE %I SET pgaudit.not_a_real_setting = 'x'", db);
    fixture.asSuperuser("ALTER DATABASE %I SET pgaudit.log = 'misc'", db);
    fixture.asSuperuser("ALTER ROLE ALL SET pgaudit.log_rows = 'on'");
    try {
      StoredSettings all = session.readAll();
      assertThat(all.of(new SqlTarget.Database(db))).isEqualTo(Map.of(LOG, "misc"));
      assertThat(all.byTarget().values()).noneMatch(settings -> settings.containsKey(PgAuditSetting.LOG_ROWS));
    } finally {
      fixture.asSuperuser("ALTER ROLE ALL RESET pgaudit.log_rows");
    }
  }

  @Test
  void oneApplyIsAllOrNothing() {
    String db = fixture.createDatabase(unique("atomic"));
    SqlTarget target = new SqlTarget.Database(db);
    Map<PgAuditSetting, String> set = new LinkedHashMap<>();
    set.put(LOG_CATALOG, "off");
    set.put(LOG, "read, bogus");

    assertThatThrownBy(() -> session.apply(target, set, Set.of()))
        .isInstanceOfSatisfying(SqlSettingsException.class, e -> {
          assertThat(e.finding().kind()).isEqualTo(Finding.Kind.INVALID_VALUE);
          assertThat(e.finding().setting()).isEqualTo(LOG);
          assertThat(e.finding().target()).isEqualTo(target);
          assertThat(e.getMessage()).contains("pgaudit.log", "database \"" + db + "\"");
        });
    assertThat(fixture.storedConfig(db, null)).as("log_catalog was rolled back with the failed log").isEmpty();
    assertThat(heard).as("nothing rolled back is reported as applied").isEmpty();
    assertThat(session.converge(target, Map.of(LOG_CATALOG, "off"))).hasSize(1);
  }

  @Test
  void readsTheServerVersion() {
    assertThat(session.serverVersionNum()).isGreaterThanOrEqualTo(PG.cluster().majorVersion() * 10000);
  }
}
