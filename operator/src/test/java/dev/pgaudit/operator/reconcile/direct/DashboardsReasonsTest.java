package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.DashboardsSpec;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DashboardsReady's reasons, on a service-scoped policy with a sink whose Dashboards are a
 * stand-in: IntegrationStarting, DashboardsDisabled, DashboardsUnauthorized,
 * DashboardsTenantUnavailable, DashboardsUnreachable, DashboardsError and ExistingIndexPattern.
 * Integrations are active at once here (activation delay zero), so one reconcile reaches the
 * Dashboards step.
 */
class DashboardsReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly();

  static {
    fx.aiven.options().integrationActivationDelay(Duration.ZERO);
  }

  private final List<DashboardsStandIn> standIns = new ArrayList<>();
  private DashboardsStandIn dashboards;
  private String opensearch;

  @AfterEach
  void closeStandIns() {
    standIns.forEach(DashboardsStandIn::close);
    fx.aiven.options().integrationActivationDelay(Duration.ZERO);
  }

  /** A new OpenSearch service whose Dashboards are a fresh stand-in. */
  private void newOpenSearch() {
    opensearch = ReconcilerFixture.unique("os-dash").replace('_', '-');
    dashboards = DashboardsStandIn.start("avnadmin", "dash-" + opensearch);
    standIns.add(dashboards);
    fx.aiven.addOpenSearchService(PROJECT, opensearch, dashboards);
  }

  private PgAuditPolicy reconciled(String prefix, String reason, Optional<Duration> retry) {
    PgAuditPolicy p = policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(opensearch, prefix, 3).build();
    p.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(true));
    p = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).get(1)).isEqualTo(reason);
    assertThat(control.getScheduleDelay()).isEqualTo(retry.map(Duration::toMillis));
    return p;
  }

  private static String patternId(PgAuditPolicy p, String prefix) {
    return new AuditObjects(PROJECT, p.getSpec().getService().getServiceName(), prefix).indexPatternId();
  }

  private Optional<Duration> fast() {
    return Optional.of(fx.settings.delays().fast());
  }

  private Optional<Duration> slow() {
    return Optional.of(fx.settings.delays().slow());
  }

  @Test
  void integrationStartingCreatesNothingYet() {
    newOpenSearch();
    fx.aiven.options().integrationActivationDelay(Duration.ofMinutes(5));
    PgAuditPolicy p = reconciled("starting", Conditions.Reason.INTEGRATION_STARTING, fast());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY)).containsExactly("Unknown",
        Conditions.Reason.INTEGRATION_STARTING, "waiting for the logs integration to acme/" + opensearch
            + " to become active; the Dashboards objects are created then");
    assertThat(dashboards.savedObjects()).isEmpty();
  }

  @Test
  void dashboardsDisabled() {
    newOpenSearch();
    fx.aiven.setDashboardsEnabled(PROJECT, opensearch, false);
    PgAuditPolicy p = reconciled("disabled", Conditions.Reason.DASHBOARDS_DISABLED, slow());
    String message = "OpenSearch service acme/" + opensearch + " offers no Dashboards"
        + " (user_config.opensearch_dashboards.enabled is false, or it is not running)";
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY))
        .containsExactly("False", Conditions.Reason.DASHBOARDS_DISABLED, message);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.DASHBOARDS_DISABLED, message);
  }

  @Test
  void dashboardsUnauthorized() {
    newOpenSearch();
    dashboards.changePassword("rotated-elsewhere");
    PgAuditPolicy p = reconciled("unauth", Conditions.Reason.DASHBOARDS_UNAUTHORIZED, slow());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).get(2)).isEqualTo("OpenSearch Dashboards at "
        + dashboards.baseUri() + " refused to read index-pattern " + patternId(p, "unauth")
        + " (HTTP 401: Authentication Exception); the avnadmin credentials from the Aiven API were not accepted");
  }

  @Test
  void dashboardsTenantUnavailable() {
    newOpenSearch();
    dashboards.options().globalTenantEnabled(false);
    PgAuditPolicy p = reconciled("tenant", Conditions.Reason.DASHBOARDS_TENANT, slow());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).get(2)).isEqualTo("OpenSearch Dashboards at "
        + dashboards.baseUri() + " refused to read index-pattern " + patternId(p, "tenant") + " (HTTP 400: Invalid tenant:"
        + " global tenant is not enabled); the objects are kept in the Global tenant, which must be enabled");
  }

  @Test
  void dashboardsUnreachable() {
    newOpenSearch();
    dashboards.close();
    PgAuditPolicy p = reconciled("unreachable", Conditions.Reason.DASHBOARDS_UNREACHABLE, fast());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).get(2))
        .isEqualTo("OpenSearch Dashboards at " + dashboards.baseUri() + " did not answer (ConnectException)");
  }

  @Test
  void dashboardsErrorForAnAnswerOfNoKnownKind() {
    newOpenSearch();
    String published = dashboards.baseUri().toString();
    dashboards.options().basePath("/moved"); // every request the operator sends is now answered 404
    PgAuditPolicy p = reconciled("moved", Conditions.Reason.DASHBOARDS_ERROR, slow());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).get(2)).isEqualTo("OpenSearch Dashboards at "
        + published + " refused to find index patterns titled moved-* (HTTP 404: Not Found)");
  }

  @Test
  void existingIndexPatternIsLeftAlone() {
    newOpenSearch();
    dashboards.putDirectly(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, "my-pattern",
        Map.of("title", "hand-*", "timeFieldName", "timestamp"), null);
    PgAuditPolicy p = reconciled("hand", Conditions.Reason.EXISTING_INDEX_PATTERN, Optional.empty());
    assertThat(statusReasonMessage(p, Conditions.DASHBOARDS_READY).subList(0, 2))
        .containsExactly("True", Conditions.Reason.EXISTING_INDEX_PATTERN);
  }
}
