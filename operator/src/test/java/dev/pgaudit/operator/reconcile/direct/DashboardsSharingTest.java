package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.DashboardsSpec;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two policies on one PostgreSQL service shipping to one OpenSearch share its Dashboards objects,
 * counted request by request: a reconcile at rest only reads the two objects; one policy's opt-out,
 * sink move or delete leaves them to the other; the last one releases them.
 */
class DashboardsSharingTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  static {
    fx.aiven.options().integrationActivationDelay(Duration.ZERO);
  }

  private final List<DashboardsStandIn> standIns = new ArrayList<>();

  @AfterEach
  void closeStandIns() {
    standIns.forEach(DashboardsStandIn::close);
  }

  /** A new OpenSearch service backed by a fresh stand-in; returns the service name. */
  private DashboardsStandIn newOpenSearch(String name) {
    DashboardsStandIn dashboards = DashboardsStandIn.start("avnadmin", "dash-" + name);
    standIns.add(dashboards);
    fx.aiven.addOpenSearchService(PROJECT, name, dashboards);
    return dashboards;
  }

  private static PgAuditPolicy withDashboards(String ns, String name, String service, String os, AuditClass... log) {
    PgAuditPolicy p = policy(ns, name, service).serviceScope().log(log).sink(os, "shared", 3).build();
    p.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(true));
    return fx.put(p);
  }

  /** "METHOD status path" of what one reconcile of {@code p} sent to {@code dashboards}. */
  private static List<String> reconcileCalls(PgAuditPolicy p, DashboardsStandIn dashboards) {
    int seen = dashboards.requests().size();
    fx.reconcile(p);
    return dashboards.requests().stream().skip(seen).map(r -> r.method() + " " + r.status() + " " + r.path()).toList();
  }

  @Test
  void sharedObjectsAreOnlyReadAtRestAndOutliveEveryPolicyButTheLast() {
    String os = ReconcilerFixture.unique("os-share").replace('_', '-');
    String moved = ReconcilerFixture.unique("os-moved").replace('_', '-');
    DashboardsStandIn first = newOpenSearch(os);
    DashboardsStandIn second = newOpenSearch(moved);
    String ns = fx.namespace();
    String service = fx.pgService();
    AuditObjects objects = new AuditObjects(PROJECT, service, "shared");
    String pattern = "GET 200 /api/saved_objects/index-pattern/" + objects.indexPatternId();
    String search = "GET 200 /api/saved_objects/search/" + objects.searchId();
    List<String> both = List.of("global index-pattern/" + objects.indexPatternId(), "global search/" + objects.searchId());

    PgAuditPolicy a = withDashboards(ns, "a", service, os, DDL);
    assertThat(reconcileCalls(a, first)).hasSize(5).filteredOn(c -> c.startsWith("POST 200")).hasSize(2);
    assertThat(statusReasonMessage(a, Conditions.DASHBOARDS_READY).subList(0, 2))
        .containsExactly("True", Conditions.Reason.RECONCILED);
    assertThat(first.savedObjects()).isEqualTo(both);

    // The second policy and every later reconcile at rest: the two objects read, nothing written.
    PgAuditPolicy b = withDashboards(ns, "b", service, os, DDL); // the same setting: no conflict
    assertThat(reconcileCalls(b, first)).containsExactly(pattern, search);
    assertThat(statusReasonMessage(b, Conditions.DASHBOARDS_READY).subList(0, 2))
        .containsExactly("True", Conditions.Reason.RECONCILED);
    assertThat(reconcileCalls(a, first)).containsExactly(pattern, search);
    assertThat(reconcileCalls(b, first)).containsExactly(pattern, search);

    // a opts out: b still wants them, so Dashboards is not even asked.
    a.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(false));
    assertThat(reconcileCalls(a, first)).isEmpty();
    assertThat(statusReasonMessage(a, Conditions.DASHBOARDS_READY).subList(0, 2))
        .containsExactly("True", Conditions.Reason.NOT_APPLICABLE);
    assertThat(first.savedObjects()).isEqualTo(both);

    // a opts in again, then its sink moves to another OpenSearch: created there, left here for b.
    a.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(true));
    assertThat(reconcileCalls(a, first)).containsExactly(pattern, search);
    a.getSpec().getSink().getOpensearch().setServiceName(moved);
    assertThat(reconcileCalls(a, first)).isEmpty();
    assertThat(first.savedObjects()).isEqualTo(both);
    assertThat(second.savedObjects()).isEqualTo(both);

    // b goes: nothing else wants the first OpenSearch's objects any more.
    assertThat(fx.cleanup(b).isRemoveFinalizer()).isTrue();
    assertThat(first.savedObjects()).isEmpty();
    assertThat(second.savedObjects()).isEqualTo(both);
    assertThat(fx.cleanup(a).isRemoveFinalizer()).isTrue();
    assertThat(second.savedObjects()).isEmpty();
  }
}
