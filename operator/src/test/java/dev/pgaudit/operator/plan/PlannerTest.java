package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final SqlTarget ORDERS = new SqlTarget.Database("orders");

  private static Observed observed(Map<String, Object> pgaudit) {
    return new Observed(SERVICE, pgaudit, new StoredSettings(Map.of()), List.of());
  }

  @Test
  void aNewServicePolicyEnablesTheFeatureAndSetsItsKeysInOnePut() {
    var intent = Intents.of(Policies.settings(Policies.service("a", "t", DDL, READ), s -> s.setLogRows(true)));
    Plan plan = Planner.enforce(intent, observed(Map.of("log_rows", false)));
    Change.SetServiceKeys put = (Change.SetServiceKeys) plan.changes().get(0);
    assertThat(plan.changes()).hasSize(1);
    assertThat(put.keys()).isEqualTo(Map.of("feature_enabled", true, "log", List.of("ddl", "read"), "log_rows", true));
    assertThat(plan.lines()).containsExactly(
        new PlannedChange("service", "pgaudit.feature_enabled", "(unset)", "true"),
        new PlannedChange("service", "pgaudit.log", "(unset)", "[ddl, read]"),
        new PlannedChange("service", "pgaudit.log_rows", "false", "true"));
  }

  @Test
  void aPutTheServiceNeedsAnywayCarriesTheOtherOwnersServiceKeys() {
    var serviceScope = Intents.of(Policies.settings(Policies.service("svc", "2026-01-01T00:00:00Z", DDL), s -> s.setLogCatalog(false)));
    var database = Intents.of(Policies.database("db", "2026-01-02T00:00:00Z", List.of("orders"), READ));
    Ownership owners = Ownership.resolve(List.of(serviceScope, database));

    // The database policy reconciles first and must turn the feature on: one PUT for both policies.
    Plan plan = Planner.enforce(database, observed(Map.of()), owners.serviceKeys());
    Change.SetServiceKeys put = (Change.SetServiceKeys) plan.changes().get(0);
    assertThat(put.keys()).isEqualTo(Map.of("feature_enabled", true, "log", List.of("ddl"), "log_catalog", false));
    assertThat(plan.lines()).containsExactly(
        new PlannedChange("service", "pgaudit.feature_enabled", "(unset)", "true"),
        new PlannedChange("service", "pgaudit.log", "(unset)", "[ddl]"),
        new PlannedChange("service", "pgaudit.log_catalog", "(unset)", "false"),
        new PlannedChange("database \"orders\"", "pgaudit.log", "(unset)", "read"));

    // The Service-scope policy then finds its keys in place.
    Observed after = observed(Map.of()).after(put, null);
    assertThat(Planner.enforce(serviceScope, after, owners.serviceKeys()).changes()).noneMatch(c -> c instanceof Change.SetServiceKeys);
  }

  @Test
  void otherOwnersKeysNeverCauseAPutOfTheirOwn() {
    var serviceScope = Intents.of(Policies.service("svc", "2026-01-01T00:00:00Z", DDL));
    var database = Intents.of(Policies.database("db", "2026-01-02T00:00:00Z", List.of("orders"), READ));
    Plan plan = Planner.enforce(database, observed(Map.of("feature_enabled", true)),
        Ownership.resolve(List.of(serviceScope, database)).serviceKeys());
    assertThat(plan.changes()).noneMatch(c -> c instanceof Change.SetServiceKeys);
  }

  @Test
  void keysOfAConflictLoserAreNotCarried() {
    var older = Intents.of(Policies.service("older", "2026-01-01T00:00:00Z", DDL));
    var loser = Intents.of(Policies.service("loser", "2026-01-02T00:00:00Z", READ));
    var database = Intents.of(Policies.database("db", "2026-01-03T00:00:00Z", List.of("orders"), READ));
    Plan plan = Planner.enforce(database, observed(Map.of()), Ownership.resolve(List.of(older, loser, database)).serviceKeys());
    assertThat(((Change.SetServiceKeys) plan.changes().get(0)).keys()).isEqualTo(Map.of("feature_enabled", true, "log", List.of("ddl")));
  }

  @Test
  void onlyKeysOfAcceptedHoldersAreCarried() {
    var serviceScope = Intents.of(Policies.service("svc", "2026-01-01T00:00:00Z", DDL));
    var database = Intents.of(Policies.database("db", "2026-01-02T00:00:00Z", List.of("orders"), READ));
    Ownership owners = Ownership.resolve(List.of(serviceScope, database));
    assertThat(owners.serviceKeys(ref -> !ref.equals(serviceScope.ref()))).isEmpty();
    assertThat(owners.serviceKeys(ref -> ref.equals(serviceScope.ref()))).containsOnlyKeys(new Slot.AivenKey("log"));
  }

  @Test
  void nothingIsWrittenWhenTheServiceAlreadyMatchesByMeaning() {
    var intent = Intents.of(Policies.settings(Policies.service("a", "t", DDL, READ), s -> s.setLogMaxStringLength(5)));
    Plan plan = Planner.enforce(intent, observed(Map.of("feature_enabled", true, "log", List.of("READ", "ddl"),
        "log_max_string_length", 5L, "log_catalog", true, "role", "someone")));
    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void onlyDifferingKeysAreSent() {
    var intent = Intents.of(Policies.service("a", "t", WRITE));
    Plan plan = Planner.enforce(intent, observed(Map.of("feature_enabled", true, "log", List.of("ddl"), "log_rows", true)));
    assertThat(((Change.SetServiceKeys) plan.changes().get(0)).keys()).isEqualTo(Map.of("log", List.of("write")));
  }

  @Test
  void sqlSettingsArePlannedPerTargetWithTheirStoredValues() {
    var intent = Intents.of(Policies.database("a", "t", List.of("orders"), READ));
    Plan plan = Planner.enforce(intent, new Observed(SERVICE, Map.of("feature_enabled", true),
        new StoredSettings(Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "ddl"))), null));
    assertThat(plan.changes()).containsExactly(new Change.SqlSettings(ORDERS, Map.of(PgAuditSetting.LOG, "read"),
        Set.of(), Map.of(PgAuditSetting.LOG, "ddl")));
    assertThat(plan.lines()).containsExactly(new PlannedChange("database \"orders\"", "pgaudit.log", "ddl", "read"));
  }

  @Test
  void integrationsAreCreatedOnceAndUpdatedInPlace() {
    var intent = Intents.of(Policies.sink(Policies.service("a", "t", DDL), "os-audit", "audit", 7));
    var slot = new Slot.LogsIntegration("acme", "os-audit");
    Map<String, Object> pgaudit = Map.of("feature_enabled", true, "log", List.of("ddl"));

    Plan create = Planner.enforce(intent, observed(pgaudit));
    assertThat(create.changes()).containsExactly(new Change.CreateIntegration(slot,
        Map.of("elasticsearch_index_prefix", "audit", "elasticsearch_index_days_max", 7)));

    var existing = new ServiceIntegration("id-1", "logs", "acme", "pg-orders", "acme", "os-audit", true, true,
        Map.of("elasticsearch_index_prefix", "audit", "elasticsearch_index_days_max", 3));
    Plan update = Planner.enforce(intent, new Observed(SERVICE, pgaudit, null, List.of(existing)));
    assertThat(update.changes()).hasSize(1).first().isInstanceOf(Change.UpdateIntegration.class)
        .extracting(c -> ((Change.UpdateIntegration) c).id()).isEqualTo("id-1");

    var same = new ServiceIntegration("id-1", "logs", "acme", "pg-orders", "acme", "os-audit", true, true,
        Map.of("elasticsearch_index_prefix", "audit", "elasticsearch_index_days_max", 7, "extra_default", 1));
    assertThat(Planner.enforce(intent, new Observed(SERVICE, pgaudit, null, List.of(same))).isEmpty()).isTrue();
  }

  @Test
  void cleanupUndoesOnlyWhatNoOtherLivePolicyHolds() {
    var leaving = Intents.of(Policies.sink(Policies.settings(Policies.service("a", "t1", DDL),
        s -> { s.setLogRows(true); s.setRole("auditor"); }), "os", "logs", 3));
    var staying = Intents.of(Policies.service("b", "t2", DDL));
    var existing = new ServiceIntegration("id-9", "logs", "acme", "pg-orders", "acme", "os", true, true, Map.of());
    Observed now = new Observed(SERVICE, Map.of("feature_enabled", true, "log", List.of("ddl"), "log_rows", true,
        "role", "auditor"), null, List.of(existing));

    Plan plan = Planner.cleanup(leaving, Ownership.resolve(List.of(staying)), now);
    // log stays (b holds it), log_rows back to its default, role cannot be unset, feature stays on
    assertThat(plan.changes()).containsExactly(
        new Change.SetServiceKeys(Map.of("log_rows", false), Map.of("log_rows", true)),
        new Change.DeleteIntegration(new Slot.LogsIntegration("acme", "os"), "id-9"));
  }

  @Test
  void cleanupOfTheLastPolicyTurnsTheFeatureOffAndResetsSql() {
    var leaving = Intents.of(Policies.database("a", "t1", List.of("orders"), READ));
    Observed now = new Observed(SERVICE, Map.of("feature_enabled", true),
        new StoredSettings(Map.of(ORDERS, Map.of(PgAuditSetting.LOG, "read", PgAuditSetting.LOG_ROWS, "on"))), null);
    Plan plan = Planner.cleanup(leaving, Ownership.resolve(List.of()), now);
    assertThat(plan.changes()).containsExactly(
        new Change.SetServiceKeys(Map.of("feature_enabled", false), Map.of("feature_enabled", true)),
        new Change.SqlSettings(ORDERS, Map.of(), Set.of(PgAuditSetting.LOG), now.sql().of(ORDERS)));
  }
}
