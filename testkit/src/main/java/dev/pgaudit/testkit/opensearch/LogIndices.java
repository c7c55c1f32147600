package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The log indexes in the OpenSearch behind the stand-in, as far as {@code _fields_for_wildcard}
 * sees them: a name and its fields (reference §1: strings are text, {@code timestamp} a date, no
 * {@code @timestamp}). Guarded by the stand-in's lock.
 */
final class LogIndices {
  /** The journald fields every log document carries (S2, S5). */
  static final List<String> LOG_FIELDS = List.of("MESSAGE", "HOSTNAME", "SYSTEMD_UNIT", "service_name");
  /** What pgaudit records add (S1, S2); all strings. */
  static final List<String> AUDIT_FIELDS = List.of("AIVEN_AUDIT_FROM", "PG_DATABASE", "PG_USER", "PG_REMOTE_HOST",
      "PG_REMOTE_PORT", "PG_APPLICATION_NAME", "PG_XID", "PG_BACKEND_TYPE", "PG_BACKEND_PID");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Map<String, Set<String>> stringFieldsByIndex = new LinkedHashMap<>();

  /** An index with plain log documents only (no audit record yet). */
  void addLogIndex(String name) {
    stringFieldsByIndex.computeIfAbsent(name, n -> new LinkedHashSet<>(LOG_FIELDS));
  }

  /** The first audit documents arrive in the index (created if needed). */
  void addAuditDocuments(String name) {
    addLogIndex(name);
    stringFieldsByIndex.get(name).addAll(AUDIT_FIELDS);
  }

  void removeIndex(String name) {
    stringFieldsByIndex.remove(name);
  }

  /** GET _fields_for_wildcard: 404 no_matching_indices until an index matches (S15). */
  ObjectNode fieldsFor(String pattern, List<String> metaFields, DashboardsOptions options) {
    Pattern glob = glob(pattern);
    Set<String> strings = new TreeSet<>();
    boolean matched = false;
    for (var e : stringFieldsByIndex.entrySet()) {
      if (!glob.matcher(e.getKey()).matches()) continue;
      matched = true;
      strings.addAll(e.getValue());
    }
    if (!matched) {
      DashboardsError none = new DashboardsError(404, "No indices match pattern \"" + pattern + "\"");
      none.body.putObject("attributes").put("code", "no_matching_indices");
      throw none;
    }
    List<ObjectNode> fields = new ArrayList<>();
    fields.add(field("timestamp", "date", "date", true, true, options));
    for (String name : strings) {
      fields.add(field(name, "string", "text", false, false, options));
      if (options.keywordSubFields()) {
        ObjectNode keyword = field(name + ".keyword", "string", "keyword", true, true, options);
        keyword.putObject("subType").putObject("multi").put("parent", name);
        fields.add(keyword);
      }
    }
    for (String meta : metaFields) fields.add(metaField(meta, options));
    fields.sort((a, b) -> a.get("name").asText().compareTo(b.get("name").asText()));
    ObjectNode answer = JSON.objectNode();
    ArrayNode list = answer.putArray("fields");
    fields.forEach(list::add);
    return answer;
  }

  private static ObjectNode field(String name, String type, String osType, boolean aggregatable, boolean docValues,
      DashboardsOptions options) {
    ObjectNode f = JSON.objectNode();
    f.put("name", name);
    f.put("type", type);
    f.putArray(options.typesKey().json).add(osType);
    f.put("searchable", true);
    f.put("aggregatable", aggregatable);
    f.put("readFromDocValues", docValues);
    return f;
  }

  private static ObjectNode metaField(String name, DashboardsOptions options) {
    return switch (name) {
      case "_id" -> field("_id", "string", "_id", true, false, options);
      case "_index" -> field("_index", "string", "_index", true, false, options);
      case "_score" -> field("_score", "number", "_score", false, false, options).put("searchable", false);
      case "_type" -> field("_type", "string", "_type", true, false, options);
      default -> field(name, "_source", "_source", false, false, options).put("searchable", false);
    };
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split(",")) {
      if (regex.length() > 0) regex.append('|');
      for (String piece : part.trim().split("\\*", -1)) regex.append(Pattern.quote(piece)).append(".*");
      regex.setLength(regex.length() - 2);
    }
    return Pattern.compile(regex.toString());
  }
}
