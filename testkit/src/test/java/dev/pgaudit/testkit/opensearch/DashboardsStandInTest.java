package dev.pgaudit.testkit.opensearch;

import static dev.pgaudit.testkit.opensearch.RawDashboards.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in enforces what opensearch.md §3 confirms: auth, osd-xsrf, 409/404, version checks, JSON-string attributes, the field list. */
class DashboardsStandInTest {
  private static final String PATTERN = "/api/saved_objects/index-pattern/p1";
  private static final String BODY = json("{'attributes': {'title': 'logs-*', 'timeFieldName': 'timestamp'}}");

  DashboardsStandIn dashboards;
  RawDashboards global;

  @BeforeEach
  void start() {
    dashboards = DashboardsStandIn.start("avnadmin", "dashPw-7c1e");
    global = new RawDashboards(dashboards.baseUri(), "avnadmin", "dashPw-7c1e")
        .with("securitytenant", "global").with("osd-xsrf", "true");
  }

  @AfterEach
  void stop() {
    dashboards.close();
  }

  @Test
  void everyUnsafeMethodNeedsOsdXsrfAndKbnXsrfIsNotEnough() {
    RawDashboards noXsrf = new RawDashboards(dashboards.baseUri(), "avnadmin", "dashPw-7c1e").with("securitytenant", "global");
    assertThat(global.post(PATTERN, BODY).status()).isEqualTo(200);

    List<RawDashboards.Answer> refused = new ArrayList<>();
    refused.add(noXsrf.post("/api/saved_objects/index-pattern/p2", BODY));
    refused.add(noXsrf.with("kbn-xsrf", "true").put(PATTERN, json("{'attributes': {'title': 'x-*'}}")));
    refused.add(noXsrf.delete(PATTERN));
    refused.add(noXsrf.with("osd-version", "1.0.0").delete(PATTERN));
    assertThat(refused).extracting(RawDashboards.Answer::status).containsOnly(400);
    assertThat(refused).extracting(RawDashboards.Answer::message).containsOnly("Request must contain a osd-xsrf header.");

    assertThat(noXsrf.get(PATTERN).status()).isEqualTo(200);
    assertThat(noXsrf.with("osd-version", DashboardsStandIn.VERSION).delete(PATTERN).status()).isEqualTo(200);
  }

  @Test
  void basicAuthWithTheServicePasswordOnly() {
    assertThat(new RawDashboards(dashboards.baseUri(), null, null).get(PATTERN).status()).isEqualTo(401);
    assertThat(new RawDashboards(dashboards.baseUri(), "avnadmin", "wrong").get(PATTERN).status()).isEqualTo(401);
    dashboards.changePassword("rotated");
    assertThat(global.get(PATTERN).status()).isEqualTo(401);
  }

  @Test
  void createWithoutOverwriteIsA409AndOverwriteReplaces() {
    assertThat(global.post(PATTERN, BODY).status()).isEqualTo(200);
    RawDashboards.Answer again = global.post(PATTERN, json("{'attributes': {'title': 'other-*'}}"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).isEqualTo("Saved object [index-pattern/p1] conflict");

    assertThat(global.post(PATTERN + "?overwrite=true", json("{'attributes': {'title': 'other-*'}}")).status()).isEqualTo(200);
    assertThat(global.get(PATTERN).body().path("attributes").toString()).isEqualTo(json("{'title':'other-*'}"));
    assertThat(global.post(PATTERN + "?replace=true", BODY).status()).isEqualTo(400);
  }

  @Test
  void missingObjectsAre404OnGetUpdateAndDelete() {
    assertThat(global.get(PATTERN).message()).isEqualTo("Saved object [index-pattern/p1] not found");
    assertThat(global.put(PATTERN, json("{'attributes': {'title': 'x'}}")).status()).isEqualTo(404);
    assertThat(global.delete(PATTERN).status()).isEqualTo(404);
  }

  @Test
  void updateChecksTheVersionAndAnswersOnlyTheChangedAttributes() {
    String v1 = global.post(PATTERN, BODY).body().path("version").asText();
    RawDashboards.Answer updated = global.put(PATTERN, json("{'version': '" + v1 + "', 'attributes': {'timeFieldName': 'x'}}"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("attributes").toString()).isEqualTo(json("{'timeFieldName':'x'}"));
    assertThat(global.get(PATTERN).body().path("attributes").toString()).isEqualTo(json("{'title':'logs-*','timeFieldName':'x'}"));

    RawDashboards.Answer stale = global.put(PATTERN, json("{'version': '" + v1 + "', 'attributes': {'timeFieldName': 'y'}}"));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(global.put(PATTERN, json("{'attributes': {'timeFieldName': 'timestamp'}}")).status()).isEqualTo(200);
  }

  @Test
  void fieldListsAndSearchSourcesAreJsonStrings() {
    assertThat(global.post(PATTERN, json("{'attributes': {'title': 'logs-*', 'fields': []}}")).message())
        .isEqualTo("[attributes.fields]: expected value of type [string]");
    assertThat(global.post("/api/saved_objects/search/s1",
        json("{'attributes': {'title': 's', 'kibanaSavedObjectMeta': {'searchSourceJSON': {}}}}")).status()).isEqualTo(400);
    assertThat(global.post(PATTERN, json("{'attributes': {'title': 'logs-*', 'fields': '[]'}}")).status()).isEqualTo(200);
  }

  @Test
  void theFieldListIs404NoMatchingIndicesUntilAnIndexExists() {
    String fields = "/api/index_patterns/_fields_for_wildcard?pattern=logs-*&meta_fields=_source&meta_fields=_id";
    RawDashboards.Answer none = global.get(fields);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.body().path("attributes").path("code").asText()).isEqualTo("no_matching_indices");

    dashboards.addLogIndex("logs-2026-12-01");
    assertThat(names(global.get(fields))).containsExactly("HOSTNAME", "MESSAGE", "SYSTEMD_UNIT", "_id", "_source",
        "service_name", "timestamp");

    dashboards.addAuditDocuments("logs-2026-12-01");
    assertThat(names(global.get("/api/index_patterns/_fields_for_wildcard?pattern=logs-*&meta_fields=%5B%22_id%22%5D")))
        .contains("AIVEN_AUDIT_FROM", "PG_USER", "PG_DATABASE", "_id").doesNotContain("@timestamp", "_source");
    assertThat(global.get("/api/index_patterns/_fields_for_wildcard?pattern=other-*").status()).isEqualTo(404);
  }

  @Test
  void fieldTypesKeyAndKeywordSubFieldsAreSwitchable() {
    dashboards.addAuditDocuments("logs-2026-12-01");
    dashboards.options().typesKey(DashboardsOptions.TypesKey.OPENSEARCH_TYPES).keywordSubFields(true);
    var fields = global.get("/api/index_patterns/_fields_for_wildcard?pattern=logs-*").body().path("fields");
    assertThat(names(fields)).contains("AIVEN_AUDIT_FROM", "AIVEN_AUDIT_FROM.keyword");
    assertThat(fields.get(0).has("opensearchTypes")).isTrue();
  }

  @Test
  void tenantsComeFromTheHeaderWithPrivateAsTheDefault() {
    RawDashboards noTenant = new RawDashboards(dashboards.baseUri(), "avnadmin", "dashPw-7c1e").with("osd-xsrf", "1");
    noTenant.post("/api/saved_objects/index-pattern/mine", BODY);
    global.post(PATTERN, BODY);
    assertThat(dashboards.savedObjects()).containsExactly("__user__/avnadmin index-pattern/mine", "global index-pattern/p1");

    dashboards.options().tenantHeaderHonored(false);
    global.post("/api/saved_objects/index-pattern/lost", BODY);
    assertThat(dashboards.savedObject(DashboardsStandIn.privateTenant("avnadmin"), "index-pattern", "lost")).isPresent();

    dashboards.options().tenantHeaderHonored(true).globalTenantEnabled(false);
    RawDashboards.Answer refused = global.get(PATTERN);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).isEqualTo("Invalid tenant: global tenant is not enabled");
  }

  @Test
  void findMatchesTitlesInTheTenant() {
    global.post(PATTERN, BODY);
    dashboards.putDirectly(DashboardsStandIn.privateTenant("avnadmin"), "index-pattern", "p9",
        java.util.Map.of("title", "logs-*"), null);
    var found = global.get("/api/saved_objects/_find?type=index-pattern&search_fields=title&search=%22logs-*%22&per_page=100");
    assertThat(found.body().path("total").asInt()).isEqualTo(1);
    assertThat(found.body().path("saved_objects").get(0).path("id").asText()).isEqualTo("p1");
  }

  private static List<String> names(RawDashboards.Answer answer) {
    return names(answer.body().path("fields"));
  }

  private static List<String> names(com.fasterxml.jackson.databind.JsonNode fields) {
    List<String> names = new ArrayList<>();
    fields.forEach(f -> names.add(f.path("name").asText()));
    return names;
  }
}
