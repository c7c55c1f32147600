package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Slot;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Targets are printed the way PostgreSQL quotes names, so no two targets read the same. */
class SqlTargetTest {
  private static final SqlTarget ROLE_WITH_QUOTES = new SqlTarget.Role("app\" in database \"orders");
  private static final SqlTarget ROLE_IN_DATABASE = new SqlTarget.RoleInDatabase("app", "orders");

  @Test
  void aRoleNamedLikeARoleInADatabaseIsPrintedDifferently() {
    assertThat(ROLE_WITH_QUOTES.describe()).isEqualTo("role \"app\"\" in database \"\"orders\"");
    assertThat(ROLE_IN_DATABASE.describe()).isEqualTo("role \"app\" in database \"orders\"");
    assertThat(new SqlTarget.Database("a\"b").describe()).isEqualTo("database \"a\"\"b\"");
  }

  @Test
  void planLinesAndSlotsCarryTheQuotedTarget() {
    var line = new Change.SqlSettings(ROLE_WITH_QUOTES, Map.of(PgAuditSetting.LOG, "read"), Set.of(), Map.of())
        .lines().get(0);
    assertThat(line.getTarget()).isEqualTo("role \"app\"\" in database \"\"orders\"");
    assertThat(new Slot.Sql(ROLE_IN_DATABASE, PgAuditSetting.LOG).target()).isEqualTo("role \"app\" in database \"orders\"");
  }

  @Test
  void findingMessagesQuoteEveryName() {
    Finding missing = FindingMessages.roleNotFound(ROLE_WITH_QUOTES, "app\" in database \"orders");
    assertThat(missing.message()).isEqualTo("Cannot store pgaudit settings on role \"app\"\" in database \"\"orders\""
        + " because role \"app\"\" in database \"\"orders\" does not exist.");
    Finding owner = FindingMessages.notOwner(new SqlTarget.Database("d"), "d", "o\"wner", "u");
    assertThat(owner.message()).isEqualTo("Cannot store pgaudit settings on database \"d\" because user \"u\""
        + " does not own database \"d\" (owner \"o\"\"wner\") nor belong to its owner role.");
  }

  @Test
  void quotingForMessagesNeverThrows() {
    assertThat(SqlQuoting.quoted("a\0b")).isEqualTo("\"a\0b\"");
    assertThat(SqlQuoting.quoted("\"")).isEqualTo(SqlQuoting.identifier("\""));
  }
}
