package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The routes (S12, S15, S19): the saved-objects API and the field list; query schemas reject unknown parameters. */
final class SavedObjectsApi {
  private static final String OBJECTS = "/api/saved_objects/";
  private static final String FIND = "/api/saved_objects/_find";
  private static final String FIELDS = "/api/index_patterns/_fields_for_wildcard";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SavedObjects objects;
  private final LogIndices indices;
  private final DashboardsOptions options;

  SavedObjectsApi(SavedObjects objects, LogIndices indices, DashboardsOptions options) {
    this.objects = objects;
    this.indices = indices;
    this.options = options;
  }

  JsonNode serve(String method, String path, Map<String, List<String>> query, JsonNode body, String tenant) {
    if (path.equals(FIELDS) && method.equals("GET")) {
      allow(query, Set.of("pattern", "meta_fields", "type", "rollup_index", "data_source"));
      if (!query.containsKey("pattern")) throw DashboardsError.badRequest("[request query.pattern]: expected value of type [string] but got [undefined]");
      return indices.fieldsFor(first(query, "pattern"), metaFields(query), options);
    }
    if (path.equals(FIND) && method.equals("GET")) {
      allow(query, Set.of("type", "search", "search_fields", "per_page", "page", "fields", "sort_field", "has_reference",
          "default_search_operator", "namespaces"));
      int perPage = query.containsKey("per_page") ? Integer.parseInt(first(query, "per_page")) : 20;
      return objects.find(tenant, first(query, "type"), first(query, "search_fields"), first(query, "search"), perPage);
    }
    if (!path.startsWith(OBJECTS)) throw new DashboardsError(404, "Not Found");
    String[] parts = path.substring(OBJECTS.length()).split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) throw new DashboardsError(404, "Not Found");
    String type = parts[0];
    String id = parts[1];
    switch (method) {
      case "POST" -> {
        allow(query, Set.of("overwrite"));
        return objects.create(tenant, type, id, body, "true".equals(first(query, "overwrite")));
      }
      case "GET" -> {
        allow(query, Set.of());
        return objects.get(tenant, type, id);
      }
      case "PUT" -> {
        allow(query, Set.of());
        return objects.update(tenant, type, id, body);
      }
      case "DELETE" -> {
        allow(query, Set.of("force"));
        objects.delete(tenant, type, id);
        return JsonNodeFactory.instance.objectNode();
      }
      default -> throw new DashboardsError(404, "Not Found");
    }
  }

  /** meta_fields repeated, or one JSON-string array (S15); anything else is a 400. */
  private static List<String> metaFields(Map<String, List<String>> query) {
    List<String> values = query.getOrDefault("meta_fields", List.of());
    if (values.size() == 1 && values.get(0).startsWith("[")) {
      try {
        List<String> out = new ArrayList<>();
        MAPPER.readTree(values.get(0)).forEach(v -> out.add(v.asText()));
        return out;
      } catch (IOException e) {
        throw DashboardsError.badRequest("[request query.meta_fields]: could not parse array value from json input");
      }
    }
    return values;
  }

  private static void allow(Map<String, List<String>> query, Set<String> known) {
    for (String name : query.keySet()) {
      if (!known.contains(name)) throw DashboardsError.badRequest("[request query." + name + "]: definition for this key is missing");
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
