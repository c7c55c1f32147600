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
  /** The caps of held re-reports, fired by the test (the clock plays no part). */
  private final List<Runnable> caps = new ArrayList<>();
  private final CoverageHolds.Timer timer = (delay, task) -> {
    assertThat(delay).isEqualTo(CoverageHolds.CAP);
    caps.add(task);
    return () -> caps.remove(task);
  };
  private final CoverageNotices notices = new CoverageNotices(CoverageListener.NONE, cache, nudged::add, timer);

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

  /**
   * A policy's reconcile on a state: its coverage from the shared cache, told to the notices, and
   * its status written with it.
   */
  private void reconciled(PgAuditPolicy policy, Observed state) {
    var report = cache.report(Intents.of(policy), state, ownership);
    notices.computed(policy, Outcome.enforced(APPLIED, null, null, null, report, null));
    notices.upToDate(policy);
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
    // bi-reads has not run yet: its write would change them again, so their re-reports are held.
    Observed first = before.after(roleWrite("reporting", "read"), null);
    wrote(reportingReads, first, roleWrite("reporting", "read"));
    assertThat(notices.held()).containsExactly("team-a/billing-ddl", "team-a/orders-write", "team-a/service-ddl");
    assertThat(nudged).isEmpty();
    assertThat(cache.reportsMade()).isEqualTo(4 + 1 + 3);

    // bi-reads writes, the last to come: each held peer is nudged once, for both writes.
    Observed second = first.after(roleWrite("bi", "read"), null);
    wrote(biReads, second, roleWrite("bi", "read"));
    assertThat(names(nudged)).containsExactly("billing-ddl", "orders-write", "service-ddl");
    assertThat(notices.held()).isEmpty();
    assertThat(cache.reportsMade()).as("held peers are not compared again").isEqualTo(4 + 1 + 3 + 1);

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
    assertThat(caps).as("every hold ended with its report").isEmpty();
  }

  /** A policy's own SQL write, as its reconcile makes it. */
  private static Change sqlWrite(SqlTarget target, String log) {
    return new Change.SqlSettings(target, Map.of(PgAuditSetting.LOG, log), Set.of(), Map.of());
  }

  @Test
  void policiesCreatedTogetherReReportEachChangedPeerOnceAfterTheLastOfThemRan() {
    // The Service policy ran first; the five others are created with it and write one after another.
    Observed state = written(service);
    reconciled(service, state);
    List<PgAuditPolicy> writers = List.of(billingDdl, ordersWrite, appInOrders, reportingReads, biReads);
    List<Change> writes = List.of(sqlWrite(new SqlTarget.Database("billing"), "ddl"),
        sqlWrite(new SqlTarget.Database("orders"), "write"), sqlWrite(new SqlTarget.RoleInDatabase("app", "orders"), "misc"),
        roleWrite("reporting", "read"), roleWrite("bi", "read"));
    for (int i = 0; i < writers.size(); i++) {
      state = state.after(writes.get(i), null);
      wrote(writers.get(i), state, writes.get(i));
      if (i < writers.size() - 1) assertThat(nudged).as("after %s: peers are still to come", writers.get(i).key()).isEmpty();
    }
    // Each write shadowed some pairs of the Service policy; app-in-orders shadowed orders-write
    // and reporting-reads billing-ddl (bi-reads' write reached both again while they were held).
    assertThat(names(nudged)).containsExactly("service-ddl", "orders-write", "billing-ddl");
    assertThat(caps).as("a cap per held re-report, until it is reported").hasSize(3);
    List.of(service, ordersWrite, billingDdl).forEach(p -> reconciled(p, written(billingDdl, ordersWrite, appInOrders,
        service, reportingReads, biReads)));
    assertThat(caps).isEmpty();
  }

  @Test
  void aHeldReReportGoesOutAtItsCapWhileAPeerIsStillToComeAndItsNextRunWrites() {
    Observed state = written(service);
    List.of(service, ordersWrite, appInOrders, reportingReads).forEach(p -> reconciled(p, state));
    // billing-ddl writes; bi-reads never comes (say its reconcile keeps failing before it ends).
    Observed after = state.after(sqlWrite(new SqlTarget.Database("billing"), "ddl"), null);
    wrote(billingDdl, after, sqlWrite(new SqlTarget.Database("billing"), "ddl"));
    assertThat(nudged).isEmpty();
    assertThat(notices.mayDefer(service, live)).as("its own run may leave the coverage change out, for now").isTrue();

    caps.get(0).run();

    assertThat(names(nudged)).containsExactly("service-ddl");
    assertThat(notices.mayDefer(service, live)).as("past the cap its run writes, bi-reads to come or not").isFalse();
    reconciled(service, after);
    assertThat(notices.mayDefer(service, live)).isTrue();
  }

  @Test
  void aRunThatOnlyFoundItsCoverageChangedDefersWhilePeersAreToComeAndIsReReportedWhenTheyCame() {
    Observed state = written(service, billingDdl);
    List.of(billingDdl, ordersWrite, appInOrders, reportingReads).forEach(p -> reconciled(p, state));
    // The Service policy's own run (a resync) finds billing-ddl's write: only its coverage changed,
    // and bi-reads is still to come, so the run does not write its status.
    notices.computed(service, Outcome.enforced(APPLIED, null, null, null,
        cache.report(Intents.of(service), state, ownership), null));
    assertThat(notices.mayDefer(service, live)).isTrue();
    notices.defer(service, SERVICE, live);
    assertThat(notices.held()).containsExactly("team-a/service-ddl");
    assertThat(nudged).isEmpty();

    // bi-reads, the last to come, finds its settings in place and writes nothing.
    reconciled(biReads, state);
    notices.wrote(biReads, List.of(), true, live, ownership);

    assertThat(names(nudged)).containsExactly("service-ddl");
    assertThat(notices.mayDefer(service, live)).as("nobody is to come: its run writes").isFalse();
  }

  @Test
  void aPeerWriteBetweenARunsComputingAndItsStatusWriteKeepsTheReReport() {
    Observed state = written(service, ordersWrite, appInOrders, reportingReads, biReads);
    live.forEach(p -> reconciled(p, state));
    // The Service policy's run computed; before it wrote its status, billing-ddl wrote.
    notices.computed(service, Outcome.enforced(APPLIED, null, null, null,
        cache.report(Intents.of(service), state, ownership), null));
    Observed after = state.after(sqlWrite(new SqlTarget.Database("billing"), "ddl"), null);
    wrote(billingDdl, after, sqlWrite(new SqlTarget.Database("billing"), "ddl"));
    assertThat(names(nudged)).containsExactly("service-ddl");
    notices.upToDate(service); // its status write, with the coverage from before the write

    assertThat(caps).as("the re-report is still to be made").hasSize(1);
    reconciled(service, after);
    assertThat(caps).isEmpty();
  }

  @Test
  void onlyAChangeOfTheEffectiveConditionOrStatusCoverageCanBeLeftOut() {
    PgAuditPolicy p = Policies.database("db", "2026-01-01T00:00:00Z", List.of("billing"), DDL);
    var report = cache.report(Intents.of(p), written(p), Ownership.resolve(List.of(Intents.of(p))));
    var stored = StatusBuilder.build(p, Outcome.enforced(APPLIED, null, null, null, report, null),
        java.time.Instant.parse("2026-01-01T00:00:00Z"));
    p.setStatus(stored);
    var shadowed = cache.report(Intents.of(p), written(p).after(roleWrite("app", "none"), null),
        Ownership.resolve(List.of(Intents.of(p))));
    var coverageOnly = StatusBuilder.build(p, Outcome.enforced(APPLIED, null, null, null, shadowed, null),
        java.time.Instant.parse("2026-01-01T00:01:00Z"));
    var readyToo = StatusBuilder.build(p, Outcome.enforced(Map.of(Layer.SERVICE, LayerState.failed("X", "broken")),
        null, null, null, shadowed, null), java.time.Instant.parse("2026-01-01T00:01:00Z"));

    assertThat(CoverageNotices.onlyCoverageDiffers(stored, coverageOnly)).isTrue();
    assertThat(CoverageNotices.onlyCoverageDiffers(stored, readyToo)).isFalse();
    assertThat(CoverageNotices.onlyCoverageDiffers(stored, stored)).as("nothing to leave out").isFalse();
    assertThat(CoverageNotices.onlyCoverageDiffers(null, coverageOnly)).as("the first status is written").isFalse();
  }

  @Test
  void afterAFailedWriteEveryReachedPeerIsNudgedOnceAndAPeerWithoutCoverageIsLeftToItsOwnReconcile() {
    Observed state = written(billingDdl, ordersWrite, appInOrders, service);
    List.of(billingDdl, ordersWrite, appInOrders).forEach(p -> reconciled(p, state));
    // The Service policy's last reconcile failed: it has no coverage to compare with.
    notices.computed(service, Outcome.enforced(APPLIED, null, null, null, null, null));
    // The Role policies ran too (without coverage): nobody is to come, so re-reports go out at once.
    notices.settled(reportingReads);
    notices.settled(biReads);

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
