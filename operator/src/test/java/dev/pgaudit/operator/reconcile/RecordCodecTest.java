package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Priors;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");

  private static ServiceRecord sample() {
    AppliedRecord p = new AppliedRecord(List.of(
        new AppliedRecord.ServiceKeys(Set.of("log", "log_catalog")),
        new AppliedRecord.SqlSettings("DatabaseRole", List.of("orders", "sales"), List.of("app"),
            Set.of(PgAuditSetting.LOG, PgAuditSetting.ROLE)),
        new AppliedRecord.Sink("acme", "os-audit")));
    AppliedRecord q = new AppliedRecord(List.of(
        new AppliedRecord.SqlSettings("Role", List.of(), List.of("Ünïcode \"quoted\""), Set.of(PgAuditSetting.LOG))));
    Priors priors = new Priors(Map.of(
        new Slot.AivenKey("log"), List.of("read", "write"),
        new Slot.AivenKey("log_parameter_max_size"), 10,
        new Slot.Sql(new SqlTarget.RoleInDatabase("app", "orders"), PgAuditSetting.LOG), "ddl",
        new Slot.LogsIntegration("acme", "os-audit"), Map.of("elasticsearch_index_prefix", "hand")), true);
    return new ServiceRecord(SERVICE, Map.of("team-a/p", p, "team-b/q.with.dots", q), priors, Set.of());
  }

  @Test
  void aRecordSurvivesTheRoundTripThroughConfigMapData() {
    ServiceRecord record = sample();

    Map<String, String> data = RecordCodec.encode(record);

    assertThat(data).containsOnlyKeys("service", "priors", RecordCodec.policyKey("team-a/p"), RecordCodec.policyKey("team-b/q.with.dots"));
    assertThat(data.keySet()).allMatch(k -> k.matches("[-._a-zA-Z0-9]+"));
    assertThat(RecordCodec.decode(SERVICE, data)).isEqualTo(record);
  }

  @Test
  void anUnreadableEntryIsReportedNotGuessedAndUnreadablePriorsMakeEveryPolicyUnreadable() {
    Map<String, String> data = new HashMap<>(RecordCodec.encode(sample()));
    data.put(RecordCodec.policyKey("team-a/p"), "{\"policy\":\"team-a/p\",\"parts\":[{\"level\":\"Nowhere\"}]}");

    ServiceRecord decoded = RecordCodec.decode(SERVICE, data);
    assertThat(decoded.unreadable()).containsExactly("team-a/p");
    assertThat(decoded.byPolicy()).containsOnlyKeys("team-b/q.with.dots");

    data.put("priors", "{not json");
    assertThat(RecordCodec.decode(SERVICE, data).unreadable()).containsExactlyInAnyOrder("team-a/p", "team-b/q.with.dots");
  }

  @Test
  void namesAreStableAndValidObjectNames() {
    assertThat(RecordCodec.configMapName(SERVICE)).isEqualTo(RecordCodec.configMapName(new ServiceKey("acme", "pg-orders")))
        .matches("pgaudit-applied-[0-9a-f]{20}");
    assertThat(RecordCodec.configMapName(new ServiceKey("acme", "pg-other"))).isNotEqualTo(RecordCodec.configMapName(SERVICE));
  }
}
