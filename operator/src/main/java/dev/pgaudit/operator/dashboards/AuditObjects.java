package dev.pgaudit.operator.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: the two saved objects the operator keeps for one PostgreSQL service's audit records in its
 * OpenSearch's Dashboards (opensearch.md §3), with ids derived from the service, so every reconcile
 * and every policy sharing the integration names the same objects.
 */
public record AuditObjects(String project, String service, String indexPrefix) {
  public static final String INDEX_PATTERN = "index-pattern";
  public static final String SEARCH = "search";
  /** Ours: every id the operator makes starts so (a hand-made pattern with our title is someone else's). */
  public static final String ID_PREFIX = "pgaudit-";
  public static final String TIME_FIELD = "timestamp";
  public static final String AUDIT_MARKER = "AIVEN_AUDIT_FROM";
  public static final List<String> COLUMNS = List.of("PG_USER", "PG_DATABASE", "MESSAGE");
  /** uiSettings metaFields' default (S16): what "Refresh field list" asks for. */
  public static final List<String> META_FIELDS = List.of("_source", "_id", "_type", "_index", "_score");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

  public String title() { return indexPrefix + "-*"; }

  public String indexPatternId() { return ID_PREFIX + service + "-" + hash(project + "/" + service); }

  public String searchId() { return indexPatternId() + "-search"; }

  public String searchTitle() { return "pgaudit: " + service; }

  /** "type/id" of both, as the applied record keeps them. */
  public List<String> recordNames() {
    return List.of(INDEX_PATTERN + "/" + indexPatternId(), SEARCH + "/" + searchId());
  }

  /** Created without {@code fields}: the browser fills the list on the first visit (S16 isFieldRefreshRequired). */
  public ObjectNode indexPatternAttributes() {
    return JSON.createObjectNode().put("title", title()).put("timeFieldName", TIME_FIELD);
  }

  public boolean indexPatternMatches(SavedObject stored) {
    return title().equals(stored.text("title")) && TIME_FIELD.equals(stored.text("timeFieldName"));
  }

  /** The saved search over {@code patternId}: the audit marker and the service as phrase filters (S18), newest first. */
  public ObjectNode searchAttributes(String patternId) {
    ObjectNode a = JSON.createObjectNode();
    a.put("title", searchTitle());
    a.put("description", "pgaudit records of Aiven for PostgreSQL service " + project + "/" + service
        + " (kept by pgaudit-operator)");
    ArrayNode columns = a.putArray("columns");
    COLUMNS.forEach(columns::add);
    a.putArray("sort").addArray().add(TIME_FIELD).add("desc");
    a.put("version", 1);
    a.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", searchSource().toString());
    return a;
  }

  public ArrayNode searchReferences(String patternId) {
    ArrayNode refs = JSON.createArrayNode();
    refs.addObject().put("name", INDEX_REF).put("type", INDEX_PATTERN).put("id", patternId);
    for (int i = 0; i < 2; i++) {
      refs.addObject().put("name", filterRef(i)).put("type", INDEX_PATTERN).put("id", patternId);
    }
    return refs;
  }

  /** Same title, columns, sort, filters (compared as JSON, not as text) and references. */
  public boolean searchMatches(SavedObject stored, String patternId) {
    ObjectNode want = searchAttributes(patternId);
    if (!want.get("title").equals(stored.attributes().get("title"))) return false;
    if (!want.get("columns").equals(stored.attributes().get("columns"))) return false;
    if (!want.get("sort").equals(stored.attributes().get("sort"))) return false;
    JsonNode source = parse(stored.attributes().path("kibanaSavedObjectMeta").path("searchSourceJSON").asText(""));
    if (!searchSource().equals(source)) return false;
    return set(searchReferences(patternId)).equals(set(stored.references()));
  }

  /** Discover opened on the saved search in the Global tenant; no credentials. */
  public String discoverUrl(URI dashboards) {
    return dashboards + "/app/discover?security_tenant=global#/view/" + searchId();
  }

  /** The stored field list, parsed (empty when absent, "[]" or unreadable). */
  public static ArrayNode storedFields(SavedObject pattern) {
    JsonNode fields = parse(pattern.text("fields"));
    return fields != null && fields.isArray() ? (ArrayNode) fields : JSON.createArrayNode();
  }

  /**
   * Stale: the list was saved (by the browser or a refresh) before audit documents arrived, so it
   * lacks the audit marker. An empty list is not stale: the browser fetches it on the next visit.
   */
  public static boolean stale(ArrayNode stored) {
    boolean any = false;
    for (JsonNode f : stored) {
      if (f.path("scripted").asBoolean(false)) continue;
      any = true;
      if (AUDIT_MARKER.equals(f.path("name").asText())) return false;
    }
    return any;
  }

  /** What "Refresh field list" saves (S16 refreshFields): the fresh fields plus the old scripted ones. */
  public static String refreshed(ArrayNode fresh, ArrayNode stored) {
    ArrayNode out = fresh.deepCopy();
    Set<String> names = new HashSet<>();
    fresh.forEach(f -> names.add(f.path("name").asText()));
    for (JsonNode f : stored) {
      if (f.path("scripted").asBoolean(false) && names.add(f.path("name").asText())) out.add(f);
    }
    return out.toString();
  }

  public static boolean hasField(ArrayNode fields, String name) {
    for (JsonNode f : fields) if (name.equals(f.path("name").asText())) return true;
    return false;
  }

  private ObjectNode searchSource() {
    ObjectNode source = JSON.createObjectNode();
    source.put("indexRefName", INDEX_REF);
    source.putObject("query").put("language", "kuery").put("query", "");
    ArrayNode filters = source.putArray("filter");
    filters.add(phrase(0, AUDIT_MARKER, "pg"));
    filters.add(phrase(1, "service_name", service));
    return source;
  }

  private static ObjectNode phrase(int index, String field, String value) {
    ObjectNode f = JSON.createObjectNode();
    ObjectNode meta = f.putObject("meta");
    meta.put("indexRefName", filterRef(index));
    meta.put("key", field);
    meta.put("type", "phrase");
    meta.putObject("params").put("query", value);
    meta.put("negate", false);
    meta.put("disabled", false);
    meta.putNull("alias");
    f.putObject("query").putObject("match_phrase").put(field, value);
    f.putObject("$state").put("store", "appState");
    return f;
  }

  private static String filterRef(int index) {
    return "kibanaSavedObjectMeta.searchSourceJSON.filter[" + index + "].meta.index";
  }

  private static Set<JsonNode> set(ArrayNode array) {
    Set<JsonNode> set = new HashSet<>();
    array.forEach(set::add);
    return set;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
