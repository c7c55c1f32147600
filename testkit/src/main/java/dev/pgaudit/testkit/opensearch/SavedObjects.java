package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The saved objects of every tenant, with the rules the reference confirms (S12, S14): create
 * without overwrite answers 409 for an existing id; update checks {@code version}; get, update and
 * delete answer 404 for a missing object; index-pattern {@code fields} and a search's
 * {@code searchSourceJSON} are JSON strings. Guarded by the stand-in's lock.
 */
final class SavedObjects {
  static final Set<String> TYPES = Set.of("index-pattern", "search", "visualization", "dashboard", "config", "query");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private record Key(String tenant, String type, String id) {}

  private static final class Stored {
    ObjectNode attributes;
    ArrayNode references;
    long seq;
    Instant updatedAt;
  }

  private final Map<Key, Stored> objects = new LinkedHashMap<>();
  private long seq;

  ObjectNode create(String tenant, String type, String id, JsonNode body, boolean overwrite) {
    checkType(type);
    if (body == null || !body.path("attributes").isObject()) throw DashboardsError.badRequest("[request body.attributes]: expected value of type [object]");
    ObjectNode attributes = (ObjectNode) body.get("attributes").deepCopy();
    checkStringAttributes(type, attributes);
    Key key = new Key(tenant, type, id);
    if (objects.containsKey(key) && !overwrite) {
      // OpenSearch's create conflict, passed through decorateOpenSearchError; exact wording is [U].
      throw new DashboardsError(409, "Saved object [" + type + "/" + id + "] conflict");
    }
    Stored s = new Stored();
    s.attributes = attributes;
    s.references = body.path("references").isArray() ? (ArrayNode) body.get("references").deepCopy() : JSON.arrayNode();
    s.seq = ++seq;
    s.updatedAt = Instant.now();
    objects.put(key, s);
    return view(type, id, s, s.attributes);
  }

  ObjectNode get(String tenant, String type, String id) {
    checkType(type);
    Stored s = objects.get(new Key(tenant, type, id));
    if (s == null) throw DashboardsError.notFound(type, id);
    return view(type, id, s, s.attributes);
  }

  /** Partial update: the given top-level attributes replace the stored ones; 409 on a stale version. */
  ObjectNode update(String tenant, String type, String id, JsonNode body) {
    checkType(type);
    Stored s = objects.get(new Key(tenant, type, id));
    if (s == null) throw DashboardsError.notFound(type, id);
    if (body == null || !body.path("attributes").isObject()) throw DashboardsError.badRequest("[request body.attributes]: expected value of type [object]");
    if (body.hasNonNull("version") && !version(s.seq).equals(body.get("version").asText())) {
      throw new DashboardsError(409, "[" + type + ":" + id + "]: version conflict, required seqNo ["
          + decode(body.get("version").asText()) + "], current document has seqNo [" + s.seq + "]");
    }
    ObjectNode changed = (ObjectNode) body.get("attributes").deepCopy();
    checkStringAttributes(type, changed);
    s.attributes.setAll(changed);
    if (body.path("references").isArray()) s.references = (ArrayNode) body.get("references").deepCopy();
    s.seq = ++seq;
    s.updatedAt = Instant.now();
    return view(type, id, s, changed);
  }

  void delete(String tenant, String type, String id) {
    checkType(type);
    if (objects.remove(new Key(tenant, type, id)) == null) throw DashboardsError.notFound(type, id);
  }

  /** _find: objects of the type whose search field contains the search text (its simple_query_string syntax is not modelled). */
  ObjectNode find(String tenant, String type, String searchField, String search, int perPage) {
    checkType(type);
    String needle = search == null ? "" : search.replace("\"", "").replace("*", "").toLowerCase();
    ArrayNode found = JSON.arrayNode();
    objects.forEach((k, s) -> {
      if (!k.tenant.equals(tenant) || !k.type.equals(type)) return;
      String value = s.attributes.path(searchField == null ? "title" : searchField).asText("").toLowerCase();
      if (value.contains(needle)) found.add(view(k.type, k.id, s, s.attributes));
    });
    ObjectNode answer = JSON.objectNode();
    answer.put("page", 1);
    answer.put("per_page", perPage);
    answer.put("total", found.size());
    ArrayNode page = answer.putArray("saved_objects");
    for (int i = 0; i < Math.min(perPage, found.size()); i++) page.add(found.get(i));
    return answer;
  }

  Optional<ObjectNode> peek(String tenant, String type, String id) {
    Stored s = objects.get(new Key(tenant, type, id));
    return s == null ? Optional.empty() : Optional.of(view(type, id, s, s.attributes));
  }

  /** Every object as "tenant type/id", for assertions. */
  List<String> list() {
    return objects.keySet().stream().map(k -> k.tenant + " " + k.type + "/" + k.id).toList();
  }

  private static ObjectNode view(String type, String id, Stored s, ObjectNode attributes) {
    ObjectNode n = JSON.objectNode();
    n.put("id", id);
    n.put("type", type);
    n.put("updated_at", s.updatedAt.toString());
    n.put("version", version(s.seq));
    n.set("attributes", attributes.deepCopy());
    n.set("references", s.references.deepCopy());
    return n;
  }

  /** Like OSD's encodeVersion: base64 of [seqNo, primaryTerm], e.g. WzUsMV0=. */
  static String version(long seqNo) {
    return Base64.getEncoder().encodeToString(("[" + seqNo + ",1]").getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String version) {
    try {
      String text = new String(Base64.getDecoder().decode(version), StandardCharsets.UTF_8);
      return text.replaceAll("^\\[(\\d+),.*$", "$1");
    } catch (IllegalArgumentException e) {
      throw DashboardsError.badRequest("Invalid version [" + version + "]");
    }
  }

  private static void checkType(String type) {
    if (!TYPES.contains(type)) throw DashboardsError.badRequest("Unsupported saved object type: '" + type + "': Bad Request");
  }

  /** OSD keeps these as JSON strings; an object or array there breaks every client that parses them. */
  private static void checkStringAttributes(String type, ObjectNode attributes) {
    for (String name : List.of("fields", "fieldFormatMap", "sourceFilters", "typeMeta")) {
      if ("index-pattern".equals(type) && attributes.has(name) && !attributes.get(name).isTextual()) {
        throw DashboardsError.badRequest("[attributes." + name + "]: expected value of type [string]");
      }
    }
    JsonNode meta = attributes.path("kibanaSavedObjectMeta");
    if ("search".equals(type) && meta.has("searchSourceJSON") && !meta.get("searchSourceJSON").isTextual()) {
      throw DashboardsError.badRequest("[attributes.kibanaSavedObjectMeta.searchSourceJSON]: expected value of type [string]");
    }
  }
}
