package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.MISC;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.coverage.Coverage;
import dev.pgaudit.operator.coverage.CoverageCache;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.Policies;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cost side of coverage: the policies of a service share one worked-out state per observation
 * (no work per policy beyond selecting its own pairs), and a write wakes only the peers whose
 * reported coverage it changed, each at most once until it reconciles.
 */
class CoverageSharingTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final Map<Layer, LayerState> APPLIED = Map.of(Layer.SERVICE, LayerState.ok("pgaudit is enabled"));

  private final PgAuditPolicy billingDdl = Policies.database("billing-ddl", "2026-01-01T00:00:00Z", List.of("billing"), DDL);
  private final PgAuditPolicy ordersWrite = Policies.database("orders-write", "2026-01-02T00:00:00Z", List.of("orders"), WRITE);
  private final PgAuditPolicy appInOrders = Policies.policy("app-in-orders", "2026-01-03T00:00:00Z",
      ScopeLevel.DatabaseRole, List.of("orders"), List.of("app"), MISC);
  private final PgAuditPolicy service = Policies.service("service-ddl", "2026-01-04T00:00:00Z", DDL, ROLE);
  private final PgAuditPolicy reportingReads = Policies.policy("reporting-reads", "2026-01-05T00:00:00Z",
      ScopeLevel.Role, null, List.of("reporting"), READ);
  private final PgAuditPolicy biReads = Policies.policy("bi-reads", "2026-01-06T00:00:00Z",
      ScopeLevel.Role, null, List.of("bi"), READ);
  private final List<PgAuditPolicy> live = List.of(billingDdl, ordersWrite, appInOrders, service, reportingReads, biReads);
  private final Ownership ownership = Ownership.resolve(live.stream().map(Intents::of).toList());

  private final CoverageCache cache = new CoverageCache();
  private final List<ResourceID> nudged = new ArrayList<>();
  private final CoverageNotices notices = new CoverageNotices(CoverageListener.NONE, cache, nudged::add);

  /** What the policies' own settings leave on the service: their SQL values and their service keys. */
  private static Observed written(PgAuditPolicy... policies) {
    Map<SqlTarget, Map<PgAuditSetting, String>> stored = new LinkedHashMap<>();
    Map<String, Object> pgaudit = new HashMap<>(Map.of("feature_enabled", true));
    for (PgAuditPolicy p : policies) {
      Intents.of(p).wants().forEach((slot, value) -> {
        if (slot instanceof Slot.Sql s) {
          stored.computeIfAbsent(s.sqlTarget(), t -> new LinkedHashMap<>()).put(s.pgSetting(), String.valueOf(value));
        }
        if (slot instanceof Slot.AivenKey k) pgaudit.put(k.key(), value);
      });
    }
    return new Observed(SERVICE, pgaudit,
        new StoredSettings(stored, List.of("billing", "orders"), List.of("app", "bi", "reporting")), List.of());
  }

  /** The SQL write a Role-scope policy makes on its role. */
  private static Change roleWrite(String role, String log) {
    return new Change.SqlSettings(new SqlTarget.Role(role), Map.of(PgAuditSetting.LOG, log), Set.of(), Map.of());
  }

  /** A policy's reconcile on a state: its coverage from the shared cache, told to the notices. */
  private void reconciled(PgAuditPolicy policy, Observed state) {
    var report = cache.report(Intents.of(policy), state, ownership);
    notices.computed(policy, Outcome.enforced(APPLIED, null, null, null, report, null));
  }

  private void wrote(PgAuditPolicy writer, Observed after, Change change) {
    reconciled(writer, after);
    notices.wrote(writer, List.of(change), true, live, ownership);
  }

  private static List<String> names(List<ResourceID> ids) {
    return ids.stream().map(ResourceID::getName).toList();
  }

  @Test
  void thePoliciesOfAServiceShareOneWorkedOutStatePerObservationAndGetWhatEachWouldGetAlone() {
    Observed state = written(billingDdl, ordersWrite, appInOrders, service, reportingReads, biReads);

    for (PgAuditPolicy p : live) {
      PolicyIntent intent = Intents.of(p);
      assertThat(cache.report(intent, state, ownership)).isEqualTo(Coverage.of(intent, state, ownership));
    }
    assertThat(cache.statesWorkedOut()).isEqualTo(1);
    assertThat(cache.reportsMade()).isEqualTo(6);

    // The operator's own write makes a new state: worked out once more, whatever the number of policies.
    Observed after = state.after(roleWrite("reporting", "none"), null);
    live.forEach(p -> cache.report(Intents.of(p), after, ownership));
    live.forEach(p -> cache.report(Intents.of(p), after, ownership));
    assertThat(cache.statesWorkedOut()).isEqualTo(2);
    assertThat(cache.reportsMade()).isEqualTo(18);

    // Pairs audited alike share one verdict: app@billing and bi@billing both get billing's own value.
    var billing = new CoverageCache().report(Intents.of(billingDdl), written(billingDdl, reportingReads), ownership).pairs();
    assertThat(billing).extracting(p -> p.pair().toString()).containsExactly("app@billing", "bi@billing", "reporting@billing");
    assertThat(billing.get(0).effective()).isSameAs(billing.get(1).effective()).isNotSameAs(billing.get(2).effective());
  }

  @Test
  void aBurstOfWritesNudgesEachPeerItChangesOnceAndNobodyElse() {
    Observed before = written(billingDdl, ordersWrite, appInOrders, service);
    List.of(billingDdl, ordersWrite, appInOrders, service).forEach(p -> reconciled(p, before));

    // reporting-reads sets its role: every pair of role reporting now audits reads only. The two
    // Database policies and the Service policy see reporting@... shadowed; app-in-orders is not reached.
    Observed first = before.after(roleWrite("reporting", "read"), null);
    wrote(reportingReads, first, roleWrite("reporting", "read"));
    assertThat(names(nudged)).containsExactly("billing-ddl", "orders-write", "service-ddl");
    assertThat(cache.reportsMade()).isEqualTo(4 + 1 + 3);

    // bi-reads writes before they reconciled: they will see it when they do, so no second nudge.
    Observed second = first.after(roleWrite("bi", "read"), null);
    wrote(biReads, second, roleWrite("bi", "read"));
    assertThat(nudged).hasSize(3);

    List.of(billingDdl, ordersWrite, service).forEach(p -> reconciled(p, second));
    assertThat(cache.statesWorkedOut()).isEqualTo(3);

    // Someone resets role reporting by hand; the operator puts it back before any peer looked:
    // the state after its write is what every peer last reported, so nobody is woken.
    Observed reset = second.after(new Change.SqlSettings(new SqlTarget.Role("reporting"), Map.of(),
        Set.of(PgAuditSetting.LOG), Map.of()), null);
    wrote(reportingReads, reset.after(roleWrite("reporting", "read"), null), roleWrite("reporting", "read"));
    assertThat(nudged).hasSize(3);

    // A sink write changes no pair's settings: not even compared.
    long reports = cache.reportsMade();
    notices.wrote(service, List.of(new Change.CreateIntegration(new Slot.LogsIntegration("acme", "os-logs"), Map.of())),
        true, live, ownership);
    assertThat(nudged).hasSize(3);
    assertThat(cache.reportsMade()).isEqualTo(reports);
  }

  @Test
  void afterAFailedWriteEveryReachedPeerIsNudgedOnceAndAPeerWithoutCoverageIsLeftToItsOwnReconcile() {
    Observed state = written(billingDdl, ordersWrite, appInOrders, service);
    List.of(billingDdl, ordersWrite, appInOrders).forEach(p -> reconciled(p, state));
    // The Service policy's last reconcile failed: it has no coverage to compare with.
    notices.computed(service, Outcome.enforced(APPLIED, null, null, null, null, null));

    // What the failed write left is not known: every peer the write reaches is woken to read it.
    notices.wrote(reportingReads, List.of(roleWrite("reporting", "read")), false, live, ownership);
    notices.wrote(reportingReads, List.of(roleWrite("reporting", "read")), false, live, ownership);

    assertThat(names(nudged)).containsExactly("billing-ddl", "orders-write");
  }

  @Test
  void pairsComeInPairOrderWhateverTheOrderTheCatalogWasReadIn() {
    PgAuditPolicy both = Policies.database("both", "2026-01-07T00:00:00Z", List.of("orders", "billing"), DDL);
    Observed unsorted = new Observed(SERVICE, Map.of("feature_enabled", true),
        new StoredSettings(Map.of(), List.of("orders", "billing"), List.of("reporting", "app")), List.of());

    var pairs = cache.report(Intents.of(both), unsorted, Ownership.resolve(List.of(Intents.of(both)))).pairs();

    assertThat(pairs).extracting(p -> p.pair().toString())
        .containsExactly("app@billing", "reporting@billing", "app@orders", "reporting@orders");
  }
}
