package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.DashboardsFixture.objects;
import static dev.pgaudit.operator.reconcile.DashboardsFixture.withDashboards;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.DashboardsSpec;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DashboardsReady's named reasons, re-checked at resync; the objects released on opt-out, a sink move and delete. */
class DashboardsReleaseAndReasonsTest extends DashboardsOperatorTest {

  @Test
  void offByDefaultNotApplicableAndNothingIsCreatedBeforeTheIntegrationIsActive() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "off", service).serviceScope().log(DDL).sink(os.opensearch, "off", 3).build());
    env.awaitReady(ns, "off");
    Condition off = env.condition(ns, "off", Conditions.DASHBOARDS_READY).orElseThrow();
    assertThat(off.getStatus() + " " + off.getReason() + " " + off.getMessage())
        .isEqualTo("True NotApplicable spec.sink.opensearch.dashboards is not enabled");
    assertThat(os.dashboards.requests()).isEmpty();

    env.aiven.options().integrationActivationDelay(Duration.ofSeconds(6));
    String other = env.pgService();
    env.create(withDashboards(policy(ns, "on", other).serviceScope().log(DDL).sink(os.opensearch, "on", 3).build(), true));
    Condition waiting = env.awaitCondition(ns, "on", Conditions.DASHBOARDS_READY, "Unknown", Conditions.Reason.INTEGRATION_STARTING);
    assertThat(waiting.getMessage()).isEqualTo("waiting for the logs integration to acme/" + os.opensearch
        + " to become active; the Dashboards objects are created then");
    assertThat(os.stored()).isEmpty();
    env.awaitCondition(ns, "on", Conditions.DASHBOARDS_READY, "True", Conditions.Reason.RECONCILED);
    assertThat(os.stored()).isEqualTo(os.global(objects(other, "on")));
  }

  @Test
  void namedReasonsForDisabledUnauthorizedTenantAndUnreachableEachPassingAtTheNextResync() {
    String ns = env.namespace();
    String service = env.pgService();
    createReady(ns, "p", service, "why");

    env.aiven.setDashboardsEnabled(OperatorTestEnv.PROJECT, os.opensearch, false);
    Condition disabled = env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "False", Conditions.Reason.DASHBOARDS_DISABLED);
    assertThat(disabled.getMessage()).isEqualTo("OpenSearch service acme/" + os.opensearch + " offers no Dashboards"
        + " (user_config.opensearch_dashboards.enabled is false, or it is not running)");
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.DASHBOARDS_DISABLED);
    env.aiven.setDashboardsEnabled(OperatorTestEnv.PROJECT, os.opensearch, true);
    env.awaitReady(ns, "p");

    os.dashboards.changePassword("rotated-elsewhere");
    Condition unauthorized = env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "False",
        Conditions.Reason.DASHBOARDS_UNAUTHORIZED);
    assertThat(unauthorized.getMessage()).isEqualTo("OpenSearch Dashboards at " + os.dashboards.baseUri()
        + " refused to read index-pattern " + objects(service, "why").indexPatternId()
        + " (HTTP 401: Authentication Exception); the avnadmin credentials from the Aiven API were not accepted");
    env.aiven.setAdminPassword(OperatorTestEnv.PROJECT, os.opensearch, "rotated-elsewhere");
    env.awaitReady(ns, "p");

    os.dashboards.options().globalTenantEnabled(false);
    Condition tenant = env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "False", Conditions.Reason.DASHBOARDS_TENANT);
    assertThat(tenant.getMessage()).endsWith("(HTTP 400: Invalid tenant: global tenant is not enabled); the objects are"
        + " kept in the Global tenant, which must be enabled");
    os.dashboards.options().globalTenantEnabled(true);
    env.awaitReady(ns, "p");

    os.dashboards.close();
    Condition unreachable = env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "False",
        Conditions.Reason.DASHBOARDS_UNREACHABLE);
    assertThat(unreachable.getMessage()).startsWith("OpenSearch Dashboards at " + os.dashboards.baseUri() + " did not answer (");
    for (String type : new String[] {Conditions.DASHBOARDS_READY, Conditions.READY}) {
      assertThat(env.condition(ns, "p", type).orElseThrow().getMessage()).doesNotContain("rotated-elsewhere");
    }
  }

  @Test
  void optOutSinkMoveAndDeleteRemoveWhatTheOperatorCreated() {
    String ns = env.namespace();
    String service = env.pgService();
    AuditObjects objects = objects(service, "moving");
    createReady(ns, "p", service, "moving");
    assertThat(os.stored()).isEqualTo(os.global(objects));

    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(false)));
    os.awaitStored(java.util.List.of());
    env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "True", Conditions.Reason.NOT_APPLICABLE);

    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(true)));
    os.awaitStored(os.global(objects));

    try (DashboardsFixture second = new DashboardsFixture(env)) {
      env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setServiceName(second.opensearch));
      second.awaitStored(second.global(objects));
      os.awaitStored(java.util.List.of());
      env.awaitReady(ns, "p");

      env.delete(ns, "p");
      env.awaitGone(ns, "p");
      assertThat(second.stored()).isEmpty();
      assertThat(os.stored()).isEmpty();
      assertThat(os.dashboards.savedObjects()).isEmpty();
      assertThat(second.dashboards.savedObject(DashboardsStandIn.GLOBAL, AuditObjects.SEARCH, objects.searchId())).isEmpty();
    }
  }

  @Test
  void aServiceMoveReleasesWhatWasMadeForTheOldServiceBeforeWritingOnTheNewOne() {
    String ns = env.namespace();
    String first = env.pgService();
    String second = env.pgService();
    createReady(ns, "p", first, "moved");
    assertThat(os.stored()).isEqualTo(os.global(objects(first, "moved")));

    env.edit(ns, "p", p -> p.getSpec().getService().setServiceName(second));
    os.awaitStored(os.global(objects(second, "moved")));
    env.awaitReady(ns, "p");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(env.events(ns, "p")
        .stream().filter(e -> Conditions.EventReason.RELEASED.equals(e.getReason())).map(e -> e.getMessage()))
        .contains("deleted search/" + objects(first, "moved").searchId() + " from the Dashboards of acme/" + os.opensearch));
  }

  @Test
  void aDryRunPolicyNeitherChecksNorCreates() {
    String ns = env.namespace();
    String service = env.pgService();
    env.create(withDashboards(policy(ns, "dry", service).serviceScope().log(DDL).sink(os.opensearch, "dry", 3).dryRun()
        .build(), true));
    Condition dry = env.awaitCondition(ns, "dry", Conditions.DASHBOARDS_READY, "Unknown", Conditions.Reason.DRY_RUN);
    assertThat(dry.getMessage()).isEqualTo("DryRun: the Dashboards objects are neither checked nor created");
    env.awaitCondition(ns, "dry", Conditions.READY, "True", Conditions.Reason.DRY_RUN);
    assertThat(os.dashboards.requests()).isEmpty();
  }
}
