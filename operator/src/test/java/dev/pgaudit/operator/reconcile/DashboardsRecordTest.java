package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Priors;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The applied record remembers the Dashboards objects a policy created, beside its slots. */
class DashboardsRecordTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final AppliedRecord.Dashboards MADE = new AppliedRecord.Dashboards("acme", "os-audit",
      List.of("search/pgaudit-pg-orders-1a2b3c4d-search", "index-pattern/pgaudit-pg-orders-1a2b3c4d"));

  @Test
  void theDashboardsPartSurvivesTheConfigMapRoundTrip() {
    AppliedRecord record = new AppliedRecord(List.of(new AppliedRecord.Sink("acme", "os-audit"), MADE));
    ServiceRecord service = new ServiceRecord(SERVICE, Map.of("team-a/p", record), Priors.NONE, Set.of());

    Map<String, String> data = RecordCodec.encode(service);
    assertThat(data.get(RecordCodec.policyKey("team-a/p"))).isEqualTo("{\"policy\":\"team-a/p\",\"parts\":["
        + "{\"dashboardsProject\":\"acme\",\"dashboardsService\":\"os-audit\",\"dashboardsObjects\":"
        + "[\"index-pattern/pgaudit-pg-orders-1a2b3c4d\",\"search/pgaudit-pg-orders-1a2b3c4d-search\"]},"
        + "{\"sinkProject\":\"acme\",\"sinkService\":\"os-audit\"}]}");
    assertThat(RecordCodec.decode(SERVICE, data)).isEqualTo(service);
  }

  @Test
  void itHasNoSlotsAndIsKeptOrReplacedOnItsOwn() {
    AppliedRecord record = new AppliedRecord(List.of(new AppliedRecord.Sink("acme", "os-audit"), MADE));
    assertThat(record.dashboards().parts()).containsExactly(MADE);
    assertThat(record.dashboards().slots()).isEmpty();
    assertThat(record.withDashboards("acme", "os-audit", null).parts()).containsExactly(new AppliedRecord.Sink("acme", "os-audit"));
    assertThat(record.withDashboards("acme", "os-other", null)).isEqualTo(record);
  }
}
