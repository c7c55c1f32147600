package dev.pgaudit.operator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.DashboardsAccess;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.opensearch.DashboardsOptions;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Aiven client finds Dashboards and the gateway sets it up, over HTTP, under each [U] answer the stand-in can give. */
class DashboardsGatewayTest {
  private static final String TOKEN = "tok-5e1f0c9d";
  private final AuditObjects objects = new AuditObjects("acme", "pg-orders", "logs");
  AivenSimulator aiven;
  DashboardsStandIn dashboards;

  @BeforeEach
  void start() {
    aiven = AivenSimulator.start();
    aiven.addToken(TOKEN).addProject("acme");
    dashboards = DashboardsStandIn.start("avnadmin", "osPw-2b7e/+:x");
    aiven.addOpenSearchService("acme", "os-logs", dashboards);
  }

  @AfterEach
  void stop() {
    dashboards.close();
    aiven.close();
  }

  private DashboardsAccess access() {
    AivenClient client = new AivenClient(AivenClientConfig.defaults(aiven.baseUrl()), TOKEN, "test");
    return client.getDashboardsAccess("acme", "os-logs").orElseThrow();
  }

  private DashboardsSetup setup() {
    return new DashboardsSetup(new DashboardsClient(access(), Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  @Test
  void credentialsComeFromTheUriOrFromTheConnectionInfoAndNeverShow() {
    DashboardsAccess embedded = access();
    assertThat(embedded.baseUri()).hasToString("http://127.0.0.1:" + dashboards.port());
    assertThat(embedded.user()).isEqualTo("avnadmin");
    assertThat(embedded.password()).isEqualTo("osPw-2b7e/+:x");
    assertThat(embedded.toString()).doesNotContain("osPw");

    aiven.options().dashboardsUriEmbedsCredentials(false);
    assertThat(access()).isEqualTo(embedded);
    assertThat(setup().ensure(objects).writes()).hasSize(2);
  }

  @Test
  void eachEnsureSendsExactlyTheseRequestsAndASteadyOneOnlyReadsTheTwoObjects() {
    DashboardsSetup setup = setup();
    String pattern = "/api/saved_objects/index-pattern/" + objects.indexPatternId();
    String search = "/api/saved_objects/search/" + objects.searchId();
    String fields = "/api/index_patterns/_fields_for_wildcard";

    assertThat(callsOf(() -> setup.ensure(objects))).containsExactly("GET 404 " + pattern,
        "GET 200 /api/saved_objects/_find", "POST 200 " + pattern, "GET 404 " + search, "POST 200 " + search);
    assertThat(callsOf(() -> assertThat(setup.ensure(objects).writes()).isEmpty()))
        .containsExactly("GET 200 " + pattern, "GET 200 " + search);

    // The browser saved a list before any audit record: stale, so the field list is read too, but nothing is written.
    dashboards.addLogIndex("logs-2026-12-01");
    dashboards.saveFieldListAsBrowserWould(DashboardsStandIn.GLOBAL, objects.indexPatternId());
    assertThat(callsOf(() -> assertThat(setup.ensure(objects).writes()).isEmpty()))
        .containsExactly("GET 200 " + pattern, "GET 200 " + fields, "GET 200 " + search);
    // Retention removed every index ([U] 10): 404 no_matching_indices, the stored list is kept as it is.
    String before = dashboards.savedObject(DashboardsStandIn.GLOBAL, "index-pattern", objects.indexPatternId())
        .orElseThrow().toString();
    dashboards.removeIndex("logs-2026-12-01");
    assertThat(callsOf(() -> assertThat(setup.ensure(objects).writes()).isEmpty()))
        .containsExactly("GET 200 " + pattern, "GET 404 " + fields, "GET 200 " + search);
    assertThat(dashboards.savedObject(DashboardsStandIn.GLOBAL, "index-pattern", objects.indexPatternId())
        .orElseThrow()).hasToString(before);

    dashboards.addAuditDocuments("logs-2026-12-02");
    assertThat(callsOf(() -> setup.ensure(objects))).containsExactly("GET 200 " + pattern, "GET 200 " + fields,
        "PUT 200 " + pattern, "GET 200 " + search);
    assertThat(callsOf(() -> assertThat(setup.ensure(objects).writes()).isEmpty()))
        .containsExactly("GET 200 " + pattern, "GET 200 " + search);
  }

  @Test
  void aDeletedIndexPatternIsCreatedAgainUnderTheSameIdAndTheSearchStaysUntouched() {
    DashboardsSetup setup = setup();
    setup.ensure(objects);
    String searchBefore = dashboards.savedObject(DashboardsStandIn.GLOBAL, "search", objects.searchId()).orElseThrow().toString();
    dashboards.deleteDirectly(DashboardsStandIn.GLOBAL, "index-pattern", objects.indexPatternId());
    assertThat(setup.ensure(objects).writes())
        .containsExactly("created index pattern logs-* (id " + objects.indexPatternId() + ")");
    assertThat(dashboards.savedObjects()).containsExactly("global search/" + objects.searchId(),
        "global index-pattern/" + objects.indexPatternId());
    assertThat(dashboards.savedObject(DashboardsStandIn.GLOBAL, "search", objects.searchId()).orElseThrow())
        .hasToString(searchBefore);
  }

  @Test
  void aHandMadePatternCostsOneFindPerEnsureAndIsNeverWritten() {
    dashboards.addAuditDocuments("logs-2026-12-01");
    dashboards.putDirectly(DashboardsStandIn.GLOBAL, "index-pattern", "my-logs",
        Map.of("title", "logs-*", "timeFieldName", "timestamp", "fields", "[{\"name\":\"MESSAGE\",\"type\":\"string\"}]"), null);
    DashboardsSetup setup = setup();
    DashboardsSetup.Result first = setup.ensure(objects);
    assertThat(first.handMade()).isTrue();
    assertThat(first.patternId()).isEqualTo("my-logs");
    assertThat(callsOf(() -> assertThat(setup.ensure(objects).writes()).isEmpty())).containsExactly(
        "GET 404 /api/saved_objects/index-pattern/" + objects.indexPatternId(), "GET 200 /api/saved_objects/_find",
        "GET 200 /api/saved_objects/search/" + objects.searchId());
    assertThat(dashboards.requests()).noneMatch(r -> r.path().endsWith("/my-logs"));
  }

  @Test
  void aBasePathIsKeptAndTheOptionalSubFieldsAndTypesKeyPassThroughARefresh() {
    dashboards.close();
    dashboards = DashboardsStandIn.start("avnadmin", "osPw-2b7e", new DashboardsOptions().basePath("/_dashboards")
        .keywordSubFields(true).typesKey(DashboardsOptions.TypesKey.OPENSEARCH_TYPES));
    aiven.addOpenSearchService("acme", "os-base", dashboards);
    DashboardsAccess access = new AivenClient(AivenClientConfig.defaults(aiven.baseUrl()), TOKEN, "test")
        .getDashboardsAccess("acme", "os-base").orElseThrow();
    assertThat(access.baseUri()).hasToString("http://127.0.0.1:" + dashboards.port() + "/_dashboards");
    DashboardsSetup setup = new DashboardsSetup(new DashboardsClient(access, Duration.ofSeconds(2), Duration.ofSeconds(5)));

    dashboards.addLogIndex("logs-2026-12-01");
    assertThat(setup.ensure(objects).writes()).containsExactly(
        "created index pattern logs-* (id " + objects.indexPatternId() + ")",
        "created saved search \"pgaudit: pg-orders\" (id " + objects.searchId() + ")");
    dashboards.saveFieldListAsBrowserWould(DashboardsStandIn.GLOBAL, objects.indexPatternId());
    assertThat(setup.ensure(objects).writes()).isEmpty();

    dashboards.addAuditDocuments("logs-2026-12-02");
    assertThat(setup.ensure(objects).writes()).containsExactly(
        "refreshed the field list of index pattern logs-* (AIVEN_AUDIT_FROM was missing)");
    String fields = dashboards.savedObject(DashboardsStandIn.GLOBAL, "index-pattern", objects.indexPatternId())
        .orElseThrow().path("attributes").path("fields").asText();
    assertThat(fields).contains("\"name\":\"AIVEN_AUDIT_FROM.keyword\"", "\"opensearchTypes\":[\"keyword\"]");
    assertThat(setup.ensure(objects).writes()).isEmpty();
  }

  @Test
  void withMultitenancyOffOrGlobalAsTheDefaultTheObjectsStillLandInGlobal() {
    dashboards.options().multitenancy(false);
    setup().ensure(objects);
    dashboards.options().multitenancy(true).defaultTenant(DashboardsOptions.DefaultTenant.GLOBAL);
    assertThat(setup().ensure(objects).writes()).isEmpty();
    assertThat(dashboards.savedObjects()).containsExactly("global index-pattern/" + objects.indexPatternId(),
        "global search/" + objects.searchId());
  }

  @Test
  void releaseDeletesTheSearchBeforeThePatternAndToleratesWhatIsGone() {
    setup().ensure(objects);
    dashboards.deleteDirectly(DashboardsStandIn.GLOBAL, "search", objects.searchId());
    assertThat(setup().release(objects.recordNames())).containsExactly("index-pattern/" + objects.indexPatternId());
    assertThat(dashboards.savedObjects()).isEmpty();
    assertThat(dashboards.requests().stream().filter(r -> r.method().equals("DELETE")).map(r -> r.path()).toList())
        .containsExactly("/api/saved_objects/search/" + objects.searchId(),
            "/api/saved_objects/index-pattern/" + objects.indexPatternId());
  }

  @Test
  void aConcurrentEditIsAConflictNotALostUpdate() {
    setup().ensure(objects);
    DashboardsClient client = new DashboardsClient(access(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    SavedObject read = client.get("search", objects.searchId()).orElseThrow();
    dashboards.editDirectly(DashboardsStandIn.GLOBAL, "search", objects.searchId(), Map.of("columns", List.of("MESSAGE")));
    assertThatThrownBy(() -> client.update("search", objects.searchId(), read.version(),
        objects.searchAttributes(objects.indexPatternId()), null))
        .isInstanceOfSatisfying(DashboardsException.class, e -> assertThat(e.kind()).isEqualTo(DashboardsException.Kind.CONFLICT));
    assertThat(setup().ensure(objects).writes()).containsExactly(
        "corrected saved search \"pgaudit: pg-orders\" (id " + objects.searchId() + ")");
  }

  /** "METHOD status path" of the requests {@code action} sent to the stand-in. */
  private List<String> callsOf(Runnable action) {
    int seen = dashboards.requests().size();
    action.run();
    return dashboards.requests().stream().skip(seen).map(r -> r.method() + " " + r.status() + " " + r.path()).toList();
  }
}
