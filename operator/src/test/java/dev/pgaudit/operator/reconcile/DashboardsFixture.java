package dev.pgaudit.operator.reconcile;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.api.DashboardsSpec;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An OpenSearch service with a Dashboards stand-in per test, and what the tests ask of it. */
final class DashboardsFixture implements AutoCloseable {
  static final String PASSWORD_PREFIX = "dashPw-";
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  final OperatorTestEnv env;
  final String opensearch;
  final DashboardsStandIn dashboards;

  DashboardsFixture(OperatorTestEnv env) {
    this.env = env;
    int n = SEQUENCE.incrementAndGet();
    this.opensearch = "os-dash-" + n;
    this.dashboards = DashboardsStandIn.start("avnadmin", PASSWORD_PREFIX + n + "-9f3c1a");
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, opensearch, dashboards);
  }

  /** The policy with spec.sink.opensearch.dashboards.enabled set. */
  static PgAuditPolicy withDashboards(PgAuditPolicy policy, boolean enabled) {
    policy.getSpec().getSink().getOpensearch().setDashboards(new DashboardsSpec(enabled));
    return policy;
  }

  static AuditObjects objects(String service, String prefix) {
    return new AuditObjects(OperatorTestEnv.PROJECT, service, prefix);
  }

  JsonNode pattern(AuditObjects objects) {
    return dashboards.savedObject(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, objects.indexPatternId()).orElseThrow();
  }

  JsonNode search(AuditObjects objects) {
    return dashboards.savedObject(DashboardsStandIn.GLOBAL, AuditObjects.SEARCH, objects.searchId()).orElseThrow();
  }

  /** Saved objects as "tenant type/id". */
  List<String> stored() {
    return dashboards.savedObjects();
  }

  List<String> global(AuditObjects objects) {
    return List.of("global index-pattern/" + objects.indexPatternId(), "global search/" + objects.searchId());
  }

  /** Requests that could change something (not GET). */
  long writes() {
    return dashboards.requests().stream().filter(r -> !r.method().equals("GET")).count();
  }

  void awaitStored(List<String> expected) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> stored().equals(expected));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dashboards.close();
  }
}
