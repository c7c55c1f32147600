package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG;
import static dev.pgaudit.operator.postgres.PgAuditSetting.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names full of SQL syntax are just names: quotes, spaces, case, unicode, semicolons, comments. */
class SqlSettingsHostileNamesTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  static Stream<String> hostileNames() {
    return Stream.of(
        "x\"; DROP DATABASE postgres; --",
        "o'brien \"the\" dev",
        "Sales DB",
        "UPPER",
        "user",
        "données 日本 ✓",
        "semi;colon",
        "-- comment",
        "back\\slash",
        "'; RESET ALL; --",
        "$1 %I %L");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("hostileNames")
  void aHostileNameIsJustAName_forDatabaseRoleAndRoleInDatabase(String name) {
    SqlFixture fixture = new SqlFixture(PG.cluster());
    fixture.createDatabase(name);
    fixture.createRole(name);
    List<String> before = fixture.allStoredConfig();

    try (PgAuditSession session = new PgSessionOpener(PgSessionOpener.StatementListener.NONE)
        .open(TestLogins.params(PG.cluster().avnadminParams()))) {
      List<SqlTarget> targets = List.of(
          new SqlTarget.Database(name), new SqlTarget.Role(name), new SqlTarget.RoleInDatabase(name, name));
      assertThat(session.preflight(targets, Set.of(LOG, ROLE))).isEmpty();

      for (SqlTarget target : targets) {
        // pgaudit.role takes a raw role name as its value: the hostile name is a value here too
        assertThat(session.converge(target, Map.of(LOG, "read", ROLE, name))).hasSize(2);
        assertThat(session.converge(target, Map.of(LOG, "read", ROLE, name))).isEmpty();
      }
      assertThat(fixture.storedConfig(name, null)).containsExactly("pgaudit.log=read", "pgaudit.role=" + name);
      assertThat(fixture.storedConfig(null, name)).containsExactly("pgaudit.log=read", "pgaudit.role=" + name);
      assertThat(fixture.storedConfig(name, name)).containsExactly("pgaudit.log=read", "pgaudit.role=" + name);
      StoredSettings all = session.readAll();
      for (SqlTarget target : targets) assertThat(all.of(target)).isEqualTo(Map.of(LOG, "read", ROLE, name));

      Map<PgAuditSetting, String> reset = new HashMap<>();
      reset.put(LOG, null);
      reset.put(ROLE, null);
      for (SqlTarget target : targets) assertThat(session.converge(target, reset)).hasSize(2);
    }
    assertThat(fixture.allStoredConfig()).isEqualTo(before);
    assertThat(SqlFixture.strings(PG.cluster().superuserParams(), "SELECT datname FROM pg_database WHERE datname = 'postgres'"))
        .as("the postgres database survived").containsExactly("postgres");
  }

  @Test
  void aHostileDatabaseNameSurvivesTheJdbcUrl() {
    String name = "x\"; DROP DATABASE postgres; -- ?a=b&c#d%20 /";
    new SqlFixture(PG.cluster()).createDatabase(name);
    assertThat(SqlFixture.strings(PG.cluster().avnadminParams(name), "SELECT current_database()")).containsExactly(name);
  }
}
