package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.reconcile.DashboardsFixture.objects;
import static dev.pgaudit.operator.reconcile.DashboardsFixture.withDashboards;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.operator.dashboards.AuditObjects;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.sink.opensearch.dashboards: the index pattern and saved search, idempotent, shared, drift and stale fields corrected. */
class DashboardsSetupTest extends DashboardsOperatorTest {

  @Test
  void theIndexPatternAndSavedSearchLandInTheGlobalTenantOnceAndAreSharedUntilTheLastPolicyGoes() {
    String ns = env.namespace();
    String service = env.pgService();
    AuditObjects objects = objects(service, "audit");
    env.create(withDashboards(policy(ns, "a", service).serviceScope().log(DDL).sink(os.opensearch, "audit", 3).build(), true));

    Condition ready = env.awaitCondition(ns, "a", Conditions.DASHBOARDS_READY, "True", Conditions.Reason.RECONCILED);
    String url = os.dashboards.baseUri() + "/app/discover?security_tenant=global#/view/" + objects.searchId();
    assertThat(ready.getMessage()).isEqualTo("index pattern audit-* and saved search \"pgaudit: " + service
        + "\" are in the Global tenant of acme/" + os.opensearch + "'s Dashboards: " + url);
    env.awaitReady(ns, "a");
    // The stand-in's default tenant for a header-less request is Private: Global proves the header.
    assertThat(os.stored()).isEqualTo(os.global(objects));
    assertThat(os.pattern(objects).path("attributes").toString())
        .isEqualTo("{\"title\":\"audit-*\",\"timeFieldName\":\"timestamp\"}");

    JsonNode search = os.search(objects).path("attributes");
    assertThat(search.path("title").asText()).isEqualTo("pgaudit: " + service);
    assertThat(search.path("columns").toString()).isEqualTo("[\"PG_USER\",\"PG_DATABASE\",\"MESSAGE\"]");
    assertThat(search.path("sort").toString()).isEqualTo("[[\"timestamp\",\"desc\"]]");
    JsonNode source = DashboardsFixture.parse(search.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    List<String> filters = new ArrayList<>();
    source.path("filter").forEach(f -> filters.add(f.path("query").path("match_phrase").toString()));
    assertThat(filters).containsExactly("{\"AIVEN_AUDIT_FROM\":\"pg\"}", "{\"service_name\":\"" + service + "\"}");
    List<String> references = new ArrayList<>();
    os.search(objects).path("references").forEach(r -> references.add(r.path("type").asText() + "/" + r.path("id").asText()));
    assertThat(references).containsOnly("index-pattern/" + objects.indexPatternId()).hasSize(3);

    // Every request named the Global tenant and carried osd-xsrf; none carried the password in a URL.
    assertThat(os.dashboards.requests()).allSatisfy(r -> {
      assertThat(r.tenantHeader()).isEqualTo("global");
      assertThat(r.xsrf()).isNotNull();
      assertThat(r.path() + r.query()).doesNotContain(os.dashboards.password());
    });
    long writes = os.writes();
    assertThat(writes).isEqualTo(2);

    // Resyncs and a spec edit change nothing there.
    env.edit(ns, "a", p -> p.getSpec().setLog(List.of(DDL, ROLE)));
    env.awaitReady(ns, "a");
    int seen = os.dashboards.requests().size();
    await().atMost(Duration.ofSeconds(30)).until(() -> os.dashboards.requests().size() >= seen + 6); // three more looks
    assertThat(os.writes()).isEqualTo(writes);

    env.create(withDashboards(policy(ns, "b", service).serviceScope().log(DDL, ROLE).sink(os.opensearch, "audit", 3).build(), true));
    env.awaitCondition(ns, "b", Conditions.DASHBOARDS_READY, "True", Conditions.Reason.RECONCILED);
    assertThat(os.writes()).isEqualTo(writes);

    env.delete(ns, "a");
    env.awaitGone(ns, "a");
    assertThat(os.stored()).isEqualTo(os.global(objects));

    env.delete(ns, "b");
    env.awaitGone(ns, "b");
    assertThat(os.stored()).isEmpty();
    List<String> cleanup = env.events(ns, "b").stream().filter(e -> Conditions.EventReason.CLEANED_UP.equals(e.getReason()))
        .map(Event::getMessage).filter(m -> m.contains("Dashboards")).toList();
    assertThat(cleanup).containsExactlyInAnyOrder(
        "deleted search/" + objects.searchId() + " from the Dashboards of acme/" + os.opensearch,
        "deleted index-pattern/" + objects.indexPatternId() + " from the Dashboards of acme/" + os.opensearch);
    assertThat(env.events(ns, "b").stream().map(Event::getMessage)).noneMatch(m -> m.contains(os.dashboards.password()));
  }

  @Test
  void deletedOrEditedObjectsAreCorrectedAtTheNextResync() {
    String ns = env.namespace();
    String service = env.pgService();
    AuditObjects objects = objects(service, "drift");
    createReady(ns, "p", service, "drift");

    os.dashboards.deleteDirectly(DashboardsStandIn.GLOBAL, AuditObjects.SEARCH, objects.searchId());
    os.dashboards.editDirectly(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, objects.indexPatternId(),
        Map.of("timeFieldName", "@timestamp"));
    await().atMost(Duration.ofSeconds(60)).until(() -> os.stored().equals(os.global(objects))
        && "timestamp".equals(os.pattern(objects).path("attributes").path("timeFieldName").asText()));

    os.dashboards.editDirectly(DashboardsStandIn.GLOBAL, AuditObjects.SEARCH, objects.searchId(),
        Map.of("columns", List.of("MESSAGE"), "kibanaSavedObjectMeta", Map.of("searchSourceJSON", "{}")));
    await().atMost(Duration.ofSeconds(60)).until(() ->
        os.search(objects).path("attributes").path("columns").toString().equals("[\"PG_USER\",\"PG_DATABASE\",\"MESSAGE\"]")
            && os.search(objects).path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText()
                .contains("AIVEN_AUDIT_FROM"));
    // The event follows the write.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(env.events(ns, "p").stream().filter(e -> Conditions.EventReason.DRIFT_CORRECTED.equals(e.getReason()))
        .map(Event::getMessage).toList()).contains(
            "created saved search \"pgaudit: " + service + "\" (id " + objects.searchId() + ") in the Dashboards of acme/" + os.opensearch,
            "corrected saved search \"pgaudit: " + service + "\" (id " + objects.searchId() + ") in the Dashboards of acme/" + os.opensearch));

    // A new prefix: the same pattern (same id) follows the integration's indexes, keeping only its scripted fields.
    os.dashboards.editDirectly(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, objects.indexPatternId(), Map.of("fields",
        "[{\"name\":\"MESSAGE\",\"type\":\"string\"},{\"name\":\"len\",\"type\":\"number\",\"scripted\":true}]"));
    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setIndexPrefix("renamed"));
    await().atMost(Duration.ofSeconds(60)).until(() ->
        "renamed-*".equals(os.pattern(objects).path("attributes").path("title").asText()));
    assertThat(os.pattern(objects).path("attributes").path("fields").asText())
        .isEqualTo("[{\"name\":\"len\",\"type\":\"number\",\"scripted\":true}]");
    env.awaitReady(ns, "p");
    assertThat(os.stored()).isEqualTo(os.global(objects));
  }

  @Test
  void aStaleFieldListIsRefreshedOnceAuditDocumentsExistKeepingScriptedFields() {
    String ns = env.namespace();
    String service = env.pgService();
    AuditObjects objects = objects(service, "stale");
    os.dashboards.addLogIndex("stale-2026-12-01");
    createReady(ns, "p", service, "stale");

    // A user opens Discover before any audit record arrived: the browser saves the list without AIVEN_AUDIT_FROM,
    // and the user adds a scripted field.
    os.dashboards.saveFieldListAsBrowserWould(DashboardsStandIn.GLOBAL, objects.indexPatternId());
    var fields = (com.fasterxml.jackson.databind.node.ArrayNode) DashboardsFixture.parse(fieldsOf(objects));
    fields.addObject().put("name", "statement_length").put("type", "number").put("scripted", true)
        .put("script", "doc['MESSAGE'].length").put("lang", "painless");
    os.dashboards.editDirectly(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, objects.indexPatternId(),
        Map.of("fields", fields.toString()));
    long writes = os.writes();
    await().atMost(Duration.ofSeconds(10)).until(() -> os.dashboards.requests().size() > 12);
    assertThat(os.writes()).as("no audit documents yet: the list is current").isEqualTo(writes);
    assertThat(fieldsOf(objects)).doesNotContain("AIVEN_AUDIT_FROM");

    os.dashboards.addAuditDocuments("stale-2026-12-02");
    await().atMost(Duration.ofSeconds(60)).until(() -> fieldsOf(objects).contains("\"AIVEN_AUDIT_FROM\""));
    List<String> names = new ArrayList<>();
    DashboardsFixture.parse(fieldsOf(objects)).forEach(f -> names.add(f.path("name").asText()));
    assertThat(names).contains("AIVEN_AUDIT_FROM", "PG_USER", "PG_DATABASE", "MESSAGE", "timestamp", "_id", "statement_length");
    assertThat(names.stream().filter("statement_length"::equals)).hasSize(1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(env.events(ns, "p").stream()
        .map(Event::getMessage)).contains("refreshed the field list of index pattern stale-* (AIVEN_AUDIT_FROM was missing)"
            + " in the Dashboards of acme/" + os.opensearch));
  }

  @Test
  void aHandMadeIndexPatternWithTheSameTitleIsUsedLeftAloneAndReported() {
    String ns = env.namespace();
    String service = env.pgService();
    AuditObjects objects = objects(service, "hand");
    os.dashboards.addAuditDocuments("hand-2026-12-01");
    os.dashboards.putDirectly(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, "my-pattern",
        Map.of("title", "hand-*", "timeFieldName", "timestamp", "fields", "[{\"name\":\"MESSAGE\",\"type\":\"string\"}]"), null);
    JsonNode before = os.dashboards.savedObject(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, "my-pattern").orElseThrow();
    env.create(withDashboards(policy(ns, "p", service).serviceScope().log(DDL).sink(os.opensearch, "hand", 3).build(), true));

    Condition ready = env.awaitCondition(ns, "p", Conditions.DASHBOARDS_READY, "True", Conditions.Reason.EXISTING_INDEX_PATTERN);
    assertThat(ready.getMessage()).isEqualTo("an index pattern titled hand-* (id my-pattern) that the operator did not make"
        + " exists in the Global tenant of acme/" + os.opensearch + "'s Dashboards: it is left alone (its field list is not"
        + " refreshed) and saved search \"pgaudit: " + service + "\" uses it: " + objects.discoverUrl(os.dashboards.baseUri()));
    env.awaitReady(ns, "p");
    assertThat(os.stored()).containsExactly("global index-pattern/my-pattern", "global search/" + objects.searchId());
    List<String> references = new ArrayList<>();
    os.search(objects).path("references").forEach(r -> references.add(r.path("id").asText()));
    assertThat(references).containsOnly("my-pattern");
    int seen = os.dashboards.requests().size();
    await().atMost(Duration.ofSeconds(30)).until(() -> os.dashboards.requests().size() >= seen + 6);
    assertThat(os.dashboards.savedObject(DashboardsStandIn.GLOBAL, AuditObjects.INDEX_PATTERN, "my-pattern").orElseThrow())
        .isEqualTo(before);

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(os.stored()).containsExactly("global index-pattern/my-pattern");
  }

  private String fieldsOf(AuditObjects objects) {
    return os.pattern(objects).path("attributes").path("fields").asText("");
  }
}
