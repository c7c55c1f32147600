package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppliedRecordTest {

  @Test
  void aSpecBecomesOnePartPerKindTheSizeOfTheSpecNotOfTheProduct() {
    List<String> roles = List.of("r1", "r2", "r3");
    List<String> dbs = List.of("d1", "d2", "d3", "d4");
    var policy = Policies.settings(Policies.policy("p", "t", ScopeLevel.DatabaseRole, dbs, roles, READ),
        s -> s.setLogCatalog(false));
    Policies.sink(policy, "os-audit", "logs", 3);
    PolicyIntent intent = Intents.of(policy);

    AppliedRecord record = AppliedRecord.of(intent);

    assertThat(record.parts()).containsExactlyInAnyOrder(
        new AppliedRecord.SqlSettings("DatabaseRole", dbs, roles, Set.of(PgAuditSetting.LOG, PgAuditSetting.LOG_CATALOG)),
        new AppliedRecord.Sink("acme", "os-audit"));
    assertThat(record.slots()).isEqualTo(intent.wants().keySet());
    assertThat(record.covers(new Slot.Sql(new SqlTarget.RoleInDatabase("r2", "d4"), PgAuditSetting.LOG_CATALOG))).isTrue();
    assertThat(record.covers(new Slot.Sql(new SqlTarget.RoleInDatabase("r2", "d4"), PgAuditSetting.LOG_ROWS))).isFalse();
    assertThat(record.covers(new Slot.Sql(new SqlTarget.Database("d4"), PgAuditSetting.LOG))).isFalse();
  }

  @Test
  void slotsThatAreNotAProductGetAPartEachSoNothingExtraIsCovered() {
    Slot a = new Slot.Sql(new SqlTarget.Database("a"), PgAuditSetting.LOG);
    Slot b = new Slot.Sql(new SqlTarget.Database("b"), PgAuditSetting.LOG_ROWS);

    AppliedRecord record = AppliedRecord.ofSlots(List.of(a, b));

    assertThat(record.slots()).containsExactlyInAnyOrder(a, b);
    assertThat(record.covers(new Slot.Sql(new SqlTarget.Database("a"), PgAuditSetting.LOG_ROWS))).isFalse();
  }

  @Test
  void theWriteAheadUnionCoversTheOldAndTheNewSpec() {
    var before = Intents.of(Policies.database("p", "t", List.of("a", "b"), READ));
    var after = Intents.of(Policies.settings(Policies.policy("p", "t", ScopeLevel.Role, null, List.of("app"), READ),
        s -> s.setLogRows(true)));

    AppliedRecord union = AppliedRecord.of(before).union(AppliedRecord.of(after));

    assertThat(union.slots()).hasSize(4).containsAll(before.wants().keySet()).containsAll(after.wants().keySet());
    assertThat(union.union(AppliedRecord.of(after))).isEqualTo(union);
  }
}
