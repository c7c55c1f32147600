package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final SqlTarget ORDERS = new SqlTarget.Database("orders");
  private static final SqlTarget SALES = new SqlTarget.Database("sales");
  private static final Slot ORDERS_LOG = new Slot.Sql(ORDERS, PgAuditSetting.LOG);
  private static final Slot SALES_LOG = new Slot.Sql(SALES, PgAuditSetting.LOG);
  private static final Slot.LogsIntegration SINK = new Slot.LogsIntegration("acme", "os-audit");

  private static Observed observed(Map<String, Object> pgaudit, Map<SqlTarget, Map<PgAuditSetting, String>> sql,
      List<ServiceIntegration> integrations) {
    return new Observed(SERVICE, pgaudit, new StoredSettings(sql), integrations);
  }

  private static ServiceIntegration logs(String id, Map<String, Object> config) {
    return new ServiceIntegration(id, "logs", "acme", "pg-orders", "acme", "os-audit", true, true, config);
  }

  @Test
  void priorsAreCapturedOnlyForSlotsNoRecordCoveredAndOnlyWhenSomethingWasThere() {
    Observed before = observed(Map.of("feature_enabled", true, "log_catalog", true, "log", List.of("read")),
        Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "ddl")), List.of(logs("i-1", Map.of("elasticsearch_index_prefix", "hand"))));
    var policy = Policies.sink(Policies.database("p", "t", List.of("orders", "sales"), READ), "os-audit", "logs", 3);

    ServiceRecord record = ServiceRecord.empty(SERVICE).hold("team-a/p", AppliedRecord.of(Intents.of(policy)), before, true);

    assertThat(record.priors()).isEqualTo(new Priors(Map.of(ORDERS_LOG, "ddl",
        SINK, Map.of("elasticsearch_index_prefix", "hand")), true));
    // a second policy holding the same slot later must not take the first one's value for a prior
    Observed written = observed(Map.of("feature_enabled", true), Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "read")), List.of());
    var second = Policies.database("q", "t2", List.of("orders"), READ);
    assertThat(record.hold("team-a/q", AppliedRecord.of(Intents.of(second)), written, true).priors()).isEqualTo(record.priors());
  }

  @Test
  void holdingWhatIsAlreadyRecordedChangesNothingSoASteadyStateWritesNoRecord() {
    var policy = Policies.database("p", "t", List.of("orders", "sales"), READ);
    Observed now = observed(Map.of("feature_enabled", true), Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "read")), List.of());
    ServiceRecord record = ServiceRecord.empty(SERVICE).hold("team-a/p", AppliedRecord.of(Intents.of(policy)), now, true)
        .collect();

    ServiceRecord again = record.hold("team-a/p", AppliedRecord.of(Intents.of(policy)), now, true);

    assertThat(again).isEqualTo(record);
    assertThat(again.withPolicy("team-a/p", AppliedRecord.of(Intents.of(policy))).collect()).isEqualTo(record);
  }

  @Test
  void releasedSlotsGoBackToTheirPriorsOrAreResetAndACreatedIntegrationIsDeleted() {
    var policy = Policies.sink(Policies.database("p", "t", List.of("orders", "sales"), READ), "os-audit", "logs", 3);
    ServiceRecord record = new ServiceRecord(SERVICE, Map.of("team-a/p", AppliedRecord.of(Intents.of(policy))),
        new Priors(Map.of(ORDERS_LOG, "ddl"), false), Set.of());
    Observed now = observed(Map.of("feature_enabled", true),
        Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "read"), SALES, Map.of(PgAuditSetting.LOG, "read")),
        List.of(logs("i-2", Map.of("elasticsearch_index_prefix", "logs"))));

    List<Change> changes = Release.changes("team-a/p", record.of("team-a/p").slots(), record,
        Ownership.resolve(List.of()), now, true);

    assertThat(changes).containsExactly(
        new Change.SetServiceKeys(Map.of("feature_enabled", false), Map.of("feature_enabled", true)),
        new Change.SqlSettings(ORDERS, Map.of(PgAuditSetting.LOG, "ddl"), Set.of(), Map.of(PgAuditSetting.LOG, "read")),
        new Change.SqlSettings(SALES, Map.of(), Set.of(PgAuditSetting.LOG), Map.of(PgAuditSetting.LOG, "read")),
        new Change.DeleteIntegration(SINK, "i-2"));
  }

  @Test
  void anAdoptedIntegrationGetsItsSettingsBackAndAConsoleEnabledFlagStaysOn() {
    var policy = Policies.sink(Policies.service("p", "t", DDL), "os-audit", "logs", 3);
    Map<String, Object> hand = Map.of("elasticsearch_index_prefix", "hand", "elasticsearch_index_days_max", 9);
    ServiceRecord record = new ServiceRecord(SERVICE, Map.of("team-a/p", AppliedRecord.of(Intents.of(policy))),
        new Priors(Map.of(SINK, hand, new Slot.AivenKey("log"), List.of("read")), true), Set.of());
    Map<String, Object> written = Map.of("elasticsearch_index_prefix", "logs", "elasticsearch_index_days_max", 3);
    Observed now = observed(Map.of("feature_enabled", true, "log", List.of("ddl")), Map.of(), List.of(logs("i-3", written)));

    List<Change> changes = Release.changes("team-a/p", record.of("team-a/p").slots(), record,
        Ownership.resolve(List.of()), now, true);

    assertThat(changes).containsExactly(
        new Change.SetServiceKeys(Map.of("log", List.of("read")), Map.of("log", List.of("ddl"))),
        new Change.UpdateIntegration(SINK, "i-3", hand, written));
  }

  @Test
  void whatALivePolicyHoldsOrAnotherRecordCoversIsLeft() {
    var leaving = Intents.of(Policies.database("p", "t", List.of("orders", "sales"), READ));
    var holder = Intents.of(Policies.database("h", "t2", List.of("orders"), READ));
    var dryRunWriter = AppliedRecord.ofSlots(List.of(SALES_LOG));
    ServiceRecord record = new ServiceRecord(SERVICE,
        Map.of("team-a/p", AppliedRecord.of(leaving), "team-a/d", dryRunWriter), Priors.NONE, Set.of());
    Observed now = observed(Map.of("feature_enabled", true),
        Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "read"), SALES, Map.of(PgAuditSetting.LOG, "read")), List.of());
    Ownership live = Ownership.resolve(List.of(holder));

    assertThat(Release.changes("team-a/p", record.of("team-a/p").slots(), record, live, now, false)).isEmpty();

    // the holder had not recorded the slot yet: it is handed over, so its prior lives on
    ServiceRecord handed = record.handOver(Set.of(ORDERS_LOG), slot -> List.of("team-a/h"));
    assertThat(handed.of("team-a/h").covers(ORDERS_LOG)).isTrue();
    assertThat(handed.withPolicy("team-a/p", AppliedRecord.EMPTY).collect().covered(ORDERS_LOG)).isTrue();
  }
}
