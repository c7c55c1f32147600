package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.NOT_MISC;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ALL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.LogLevel;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentsTest {

  @Test
  void serviceScopeWantsAivenKeysWithJsonValues() {
    var p = Policies.settings(Policies.service("a", "t1", DDL, READ), s -> {
      s.setLogCatalog(false);
      s.setLogLevel(LogLevel.notice);
      s.setLogMaxStringLength(100);
      s.setRole("auditor");
    });
    PolicyIntent intent = Intents.of(p);
    assertThat(intent.enforce()).isTrue();
    assertThat(intent.service()).isEqualTo(new ServiceKey("acme", "pg-orders"));
    assertThat(intent.wants()).containsExactlyInAnyOrderEntriesOf(Map.of(
        new Slot.AivenKey("log"), List.of("ddl", "read"),
        new Slot.AivenKey("log_catalog"), false,
        new Slot.AivenKey("log_level"), "notice",
        new Slot.AivenKey("log_max_string_length"), 100,
        new Slot.AivenKey("role"), "auditor"));
  }

  @Test
  void databaseScopeWantsPgauditTextOnEveryDatabase() {
    var p = Policies.settings(Policies.database("a", "t1", List.of("orders", "Billing DB"), ALL, NOT_MISC),
        s -> s.setLogRelation(true));
    PolicyIntent intent = Intents.of(p);
    assertThat(intent.wants()).containsExactlyInAnyOrderEntriesOf(Map.of(
        new Slot.Sql(new SqlTarget.Database("orders"), PgAuditSetting.LOG), "all, -misc",
        new Slot.Sql(new SqlTarget.Database("orders"), PgAuditSetting.LOG_RELATION), "on",
        new Slot.Sql(new SqlTarget.Database("Billing DB"), PgAuditSetting.LOG), "all, -misc",
        new Slot.Sql(new SqlTarget.Database("Billing DB"), PgAuditSetting.LOG_RELATION), "on"));
  }

  @Test
  void databaseRoleScopeIsEveryRoleInEveryDatabase() {
    var p = Policies.policy("a", "t1", ScopeLevel.DatabaseRole, List.of("d1", "d2"), List.of("r1", "r1"), READ);
    assertThat(Intents.targets(p.getSpec().getScope())).containsExactly(
        new SqlTarget.RoleInDatabase("r1", "d1"), new SqlTarget.RoleInDatabase("r1", "d2"));
  }

  @Test
  void sinkDefaultsToThePolicysProjectAndAivenDefaults() {
    var p = Policies.service("a", "t1", DDL);
    Policies.sink(p, "os-audit", null, 3);
    p.getSpec().getSink().getOpensearch().setIndexPrefix(null);
    assertThat(Intents.of(p).wants()).containsEntry(new Slot.LogsIntegration("acme", "os-audit"),
        Map.of("elasticsearch_index_prefix", "logs", "elasticsearch_index_days_max", 3));
  }

  @Test
  void dryRunPoliciesDoNotEnforce() {
    assertThat(Intents.of(Policies.dryRun(Policies.service("a", "t1", DDL))).enforce()).isFalse();
  }
}
