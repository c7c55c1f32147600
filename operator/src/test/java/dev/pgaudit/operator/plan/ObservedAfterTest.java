package dev.pgaudit.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared observation after the operator's own writes equals what a fresh read would show. */
class ObservedAfterTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg");
  private static final SqlTarget DB = new SqlTarget.Database("orders");
  private static final Slot.LogsIntegration OS = new Slot.LogsIntegration("acme", "os");

  private final Observed before = new Observed(SERVICE, Map.of("feature_enabled", false, "log", List.of("ddl")),
      new StoredSettings(Map.of(DB, Map.of(PgAuditSetting.LOG, "read", PgAuditSetting.LOG_ROWS, "on"))), List.of());

  @Test
  void serviceKeysMergeIntoPgaudit() {
    Observed after = before.after(new Change.SetServiceKeys(Map.of("feature_enabled", true, "log_rows", true), Map.of()), null);
    assertThat(after.pgaudit()).isEqualTo(Map.of("feature_enabled", true, "log", List.of("ddl"), "log_rows", true));
  }

  @Test
  void sqlSetAndResetChangeOnlyTheirTarget() {
    Observed after = before.after(new Change.SqlSettings(DB, Map.of(PgAuditSetting.LOG, "write"),
        Set.of(PgAuditSetting.LOG_ROWS), Map.of()), null);
    assertThat(after.sql().of(DB)).isEqualTo(Map.of(PgAuditSetting.LOG, "write"));
    Observed empty = after.after(new Change.SqlSettings(DB, Map.of(), Set.of(PgAuditSetting.LOG), Map.of()), null);
    assertThat(empty.sql().byTarget()).doesNotContainKey(DB);
  }

  @Test
  void integrationsAreAddedUpdatedAndRemoved() {
    var created = new ServiceIntegration("id-1", "logs", "acme", "pg", "acme", "os", true, true, Map.of("a", 1));
    Observed withOne = before.after(new Change.CreateIntegration(OS, Map.of("a", 1)), created);
    assertThat(withOne.integration(OS)).contains(created);
    Observed updated = withOne.after(new Change.UpdateIntegration(OS, "id-1", Map.of("a", 2), Map.of()), null);
    assertThat(updated.integration(OS).orElseThrow().userConfig()).isEqualTo(Map.of("a", 2));
    assertThat(updated.after(new Change.DeleteIntegration(OS, "id-1"), null).integration(OS)).isEmpty();
  }
}
