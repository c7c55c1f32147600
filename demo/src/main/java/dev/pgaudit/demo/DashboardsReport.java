package dev.pgaudit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.testkit.opensearch.DashboardsStandIn;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator keeps in os-demo's OpenSearch Dashboards (Global tenant): each index pattern,
 * each saved search with its filter and columns, and the link DashboardsReady reports.
 */
final class DashboardsReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardsReport() {}

  /** The saved objects in the Global tenant ("type/id"). */
  static List<String> objects(DemoEnvironment env) {
    return env.dashboards.savedObjects().stream().filter(o -> o.startsWith(DashboardsStandIn.GLOBAL + " "))
        .map(o -> o.substring(o.indexOf(' ') + 1)).toList();
  }

  static void print(DemoEnvironment env, List<PgAuditPolicy> live, PrintStream out) {
    out.println(TextTable.INDENT + "OpenSearch Dashboards of " + DemoEnvironment.OPENSEARCH_SERVICE + ", Global tenant:");
    List<String> objects = objects(env);
    if (objects.isEmpty()) out.println(TextTable.INDENT + "  (none)");
    for (String object : objects) {
      String type = object.substring(0, object.indexOf('/'));
      String id = object.substring(object.indexOf('/') + 1);
      JsonNode attributes = env.dashboards.savedObject(DashboardsStandIn.GLOBAL, type, id).orElseThrow().path("attributes");
      if (type.equals("index-pattern")) {
        out.println(TextTable.INDENT + "  index pattern " + attributes.path("title").asText() + "  (time field "
            + attributes.path("timeFieldName").asText() + ", id " + id + ")");
      } else {
        out.println(TextTable.INDENT + "  saved search \"" + attributes.path("title").asText() + "\"  filter: "
            + String.join(" and ", filters(attributes)) + "  columns: " + columns(attributes));
      }
    }
    for (PgAuditPolicy p : live) {
      PolicyView.condition(p, "DashboardsReady").filter(c -> "True".equals(c.getStatus()) && c.getMessage().contains("http"))
          .ifPresent(c -> out.println(TextTable.INDENT + "  link (" + p.getMetadata().getName() + ", DashboardsReady): "
              + c.getMessage().substring(c.getMessage().lastIndexOf(" http") + 1)));
    }
  }

  private static List<String> filters(JsonNode search) {
    List<String> filters = new ArrayList<>();
    try {
      JsonNode source = JSON.readTree(search.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText("{}"));
      source.path("filter").forEach(f -> f.path("query").path("match_phrase").fields()
          .forEachRemaining(e -> filters.add(e.getKey() + ": " + e.getValue().asText())));
    } catch (java.io.IOException e) {
      filters.add("(unreadable searchSourceJSON)");
    }
    return filters;
  }

  private static String columns(JsonNode search) {
    List<String> columns = new ArrayList<>();
    search.path("columns").forEach(c -> columns.add(c.asText()));
    return String.join(", ", columns);
  }
}
