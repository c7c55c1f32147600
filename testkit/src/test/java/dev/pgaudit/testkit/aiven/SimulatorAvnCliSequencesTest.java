package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays, at the HTTP level, the requests Aiven's `avn` CLI makes for the seed's commands
 * (reference §7.1), converting {@code -c key=value} the way the CLI does (by the served schema's
 * type), and checks each answer carries what the CLI reads (§7.2). The real CLI (Python, PyPI) is
 * not reachable here, so {@link #cliValue} stands in for its conversion.
 */
class SimulatorAvnCliSequencesTest extends SimulatorFixture {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Every pgaudit key with a value as a user types it after {@code -c pgaudit.KEY=}. */
  private static final Map<String, String> CLI_VALUES = cliValues();

  @Test
  void enableThenConfigureEachParameterThenDisable() {
    // avn service update -c pgaudit.feature_enabled=true pg-orders
    serviceUpdate("pgaudit.feature_enabled", "true");
    assertThat(sim.userConfig(PROJECT, PG)).extracting("pgaudit").isEqualTo(Map.of("feature_enabled", true));

    Map<String, Object> expected = new LinkedHashMap<>(Map.of("feature_enabled", true));
    for (Map.Entry<String, String> e : CLI_VALUES.entrySet()) {
      if (e.getKey().equals("feature_enabled")) continue;
      JsonNode stored = serviceUpdate("pgaudit." + e.getKey(), e.getValue());
      expected.put(e.getKey(), RawAiven.JSON.convertValue(stored, Object.class));
      // One key per call: earlier keys stay (the API deep-merges the pgaudit object).
      assertThat(sim.userConfig(PROJECT, PG)).extracting("pgaudit").isEqualTo(expected);
    }
    assertThat(expected).hasSize(14);

    // avn service update -c pgaudit.feature_enabled=false pg-orders: the configuration is kept
    serviceUpdate("pgaudit.feature_enabled", "false");
    expected.put("feature_enabled", false);
    assertThat(sim.userConfig(PROJECT, PG)).extracting("pgaudit").isEqualTo(expected);
  }

  @Test
  void theCliFallsBackToTheTypeListsOnlyWhenTheTypeIsUnknown() {
    assertThat(raw.get("/project/acme/service-types/nosuchtype").status()).isEqualTo(404);
    for (String path : List.of("/project/acme/service_types", "/service_types")) {
      JsonNode types = raw.get(path).body().path("service_types");
      assertThat(types.fieldNames()).toIterable().contains("pg", "opensearch");
      assertThat(types.path("pg").path("user_config_schema"))
          .isEqualTo(raw.get("/project/acme/service-types/pg").body().path("user_config_schema"));
    }
  }

  @Test
  void integrationCreateListUpdateDelete() {
    // avn service integration-create -t logs -s pg-orders -d os-logs   (no -c: no schema read)
    RawAiven.Answer plain = raw.post("/project/acme/integration", createBody(JSON.objectNode()));
    assertThat(plain.status()).isEqualTo(200);
    String firstId = plain.body().path("service_integration").path("service_integration_id").asText();
    assertThat(raw.delete("/project/acme/integration/" + firstId).status()).isEqualTo(200);

    // ... -c elasticsearch_index_prefix=audit -c elasticsearch_index_days_max=7
    JsonNode logsSchema = integrationTypeSchema("logs");
    ObjectNode config = JSON.objectNode();
    config.set("elasticsearch_index_prefix", cliValue(logsSchema.path("properties").path("elasticsearch_index_prefix"), "audit"));
    config.set("elasticsearch_index_days_max", cliValue(logsSchema.path("properties").path("elasticsearch_index_days_max"), "7"));
    RawAiven.Answer created = raw.post("/project/acme/integration", createBody(config));
    assertThat(created.status()).isEqualTo(200);
    String id = created.body().path("service_integration").path("service_integration_id").asText();

    // avn service integration-list pg-orders: the table reads these keys on every entry
    JsonNode list = raw.get("/project/acme/service/pg-orders/integration").body().path("service_integrations");
    assertThat(list.size()).isGreaterThanOrEqualTo(2); // ours, and "available, not enabled" entries
    for (JsonNode entry : list) {
      assertThat(entry.has("service_integration_id")).isTrue();
      for (String key : List.of("source_endpoint_id", "dest_endpoint_id", "source_service", "dest_service",
          "integration_type", "active", "enabled", "description")) {
        assertThat(entry.has(key)).as(key + " in " + entry).isTrue();
      }
    }

    // avn service integration-update ID -c elasticsearch_index_days_max=9: GET, GET types, PUT
    assertThat(raw.get("/project/acme/integration/" + id).status()).isEqualTo(200);
    JsonNode days = integrationTypeSchema("logs").path("properties").path("elasticsearch_index_days_max");
    ObjectNode update = JSON.objectNode();
    update.putObject("user_config").set("elasticsearch_index_days_max", cliValue(days, "9"));
    RawAiven.Answer updated = raw.put("/project/acme/integration/" + id, update.toString());
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("service_integration").path("user_config"))
        .isEqualTo(RawAiven.JSON.valueToTree(Map.of("elasticsearch_index_prefix", "audit", "elasticsearch_index_days_max", 9)));

    // avn service integration-delete ID
    assertThat(raw.delete("/project/acme/integration/" + id).status()).isEqualTo(200);
    assertThat(raw.get("/project/acme/integration/" + id).status()).isEqualTo(404);
  }

  @Test
  void serviceGetVerboseFindsProgressUpdatesOnEveryNode() {
    JsonNode nodes = raw.get(PG_PATH).body().path("service").path("node_states");
    assertThat(nodes.size()).isPositive();
    for (JsonNode node : nodes) {
      assertThat(node.path("progress_updates").isArray()).isTrue();
      assertThat(node.has("name") && node.has("role") && node.has("state")).isTrue();
    }
  }

  /**
   * One source: every bound and enum the served pgaudit schema declares is enforced by PUT, and
   * every value it allows is accepted.
   */
  @Test
  void theServedPgauditSchemaIsTheOneEnforced() {
    JsonNode properties = pgSchema().path("properties").path("pgaudit").path("properties");
    assertThat(properties.size()).isEqualTo(14);
    properties.fields().forEachRemaining(e -> {
      String key = e.getKey();
      JsonNode p = e.getValue();
      if (p.has("enum")) {
        p.path("enum").forEach(v -> assertThat(put(key, v)).as(key + "=" + v).isEqualTo(200));
        assertThat(put(key, JSON.textNode("bogus"))).isEqualTo(400);
      }
      if (p.has("maximum")) {
        assertThat(put(key, p.path("maximum"))).isEqualTo(200);
        assertThat(put(key, JSON.numberNode(p.path("maximum").asLong() + 1))).isEqualTo(400);
      }
      if (p.has("minimum")) {
        assertThat(put(key, p.path("minimum"))).isEqualTo(200);
        assertThat(put(key, JSON.numberNode(p.path("minimum").asLong() - 1))).isEqualTo(400);
      }
      if (p.has("items") && p.path("items").has("enum")) {
        ArrayNode every = JSON.arrayNode();
        p.path("items").path("enum").forEach(every::add);
        assertThat(put(key, every)).isEqualTo(200);
        assertThat(put(key, JSON.arrayNode().add("-ddl"))).isEqualTo(400);
      }
      if (p.has("pattern")) {
        assertThat(put(key, JSON.textNode("auditor"))).isEqualTo(200);
        assertThat(put(key, JSON.textNode("-auditor"))).isEqualTo(400);
      }
      if ("boolean".equals(p.path("type").asText())) {
        assertThat(put(key, JSON.booleanNode(true))).isEqualTo(200);
        assertThat(put(key, JSON.textNode("yes"))).isEqualTo(400);
      }
      assertThat(put(key, JSON.nullNode())).as(key + " does not accept null").isEqualTo(400);
    });
  }

  @Test
  void integrationTypesServeTheLogsSchemaTheSimulatorEnforces() {
    JsonNode logs = integrationTypeSchema("logs");
    assertThat(logs.path("properties").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("elasticsearch_index_days_max", "elasticsearch_index_prefix", "selected_log_fields");
    assertThat(logs.path("properties").path("elasticsearch_index_prefix").path("pattern").asText())
        .isEqualTo(UserConfigSchemas.INDEX_PREFIX_PATTERN);
    ObjectNode tooMany = JSON.objectNode();
    tooMany.put("elasticsearch_index_days_max", logs.path("properties").path("elasticsearch_index_days_max").path("maximum").asInt() + 1);
    assertThat(raw.post("/project/acme/integration", createBody(tooMany)).status()).isEqualTo(400);
  }

  /** GET service, GET its type's schema, PUT {plan, user_config} with the one converted key. Returns the value sent. */
  private JsonNode serviceUpdate(String dottedKey, String cliText) {
    JsonNode service = raw.get(PG_PATH).body().path("service");
    String type = service.path("service_type").asText();
    String plan = service.path("plan").asText();
    RawAiven.Answer typeAnswer = raw.get("/project/acme/service-types/" + type);
    assertThat(typeAnswer.status()).isEqualTo(200);
    JsonNode schema = typeAnswer.body().path("user_config_schema");
    String[] path = dottedKey.split("\\.");
    JsonNode property = schema;
    for (String part : path) property = property.path("properties").path(part);
    assertThat(property.isMissingNode()).as(dottedKey + " in the served schema").isFalse();
    JsonNode value = cliValue(property, cliText);
    ObjectNode body = JSON.objectNode();
    body.put("plan", plan);
    ObjectNode target = body.putObject("user_config");
    for (int i = 0; i < path.length - 1; i++) target = target.putObject(path[i]);
    target.set(path[path.length - 1], value);
    RawAiven.Answer answer = raw.put(PG_PATH, body.toString());
    assertThat(answer.status()).as(answer.message()).isEqualTo(200);
    return value;
  }

  /** The CLI's conversion of a {@code -c} value by the schema's type; arrays are Python literals. */
  static JsonNode cliValue(JsonNode property, String text) {
    JsonNode type = property.path("type");
    String first = type.isArray() ? type.get(0).asText() : type.asText();
    return switch (first) {
      case "boolean" -> {
        if (!text.equals("true") && !text.equals("false")) throw new IllegalArgumentException(text);
        yield JSON.booleanNode(Boolean.parseBoolean(text));
      }
      case "integer" -> {
        long n = Long.parseLong(text);
        yield n == (int) n ? JSON.numberNode((int) n) : JSON.numberNode(n);
      }
      case "number" -> JSON.numberNode(Double.parseDouble(text));
      case "array" -> {
        if (!text.startsWith("[")) throw new IllegalArgumentException("the CLI wants a Python list literal: " + text);
        ArrayNode items = JSON.arrayNode();
        String inner = text.substring(1, text.length() - 1).trim();
        if (!inner.isEmpty()) for (String item : inner.split(",")) items.add(item.trim().replace("'", ""));
        yield items;
      }
      default -> JSON.textNode(text);
    };
  }

  private int put(String pgauditKey, JsonNode value) {
    ObjectNode body = JSON.objectNode();
    body.putObject("user_config").putObject("pgaudit").set(pgauditKey, value);
    return raw.put(PG_PATH, body.toString()).status();
  }

  private JsonNode pgSchema() {
    return raw.get("/project/acme/service-types/pg").body().path("user_config_schema");
  }

  private JsonNode integrationTypeSchema(String type) {
    for (JsonNode t : raw.get("/project/acme/integration_types").body().path("integration_types")) {
      if (type.equals(t.path("integration_type").asText())) return t.path("user_config_schema");
    }
    throw new AssertionError("no integration type " + type);
  }

  private static String createBody(JsonNode userConfig) {
    ObjectNode body = JSON.objectNode();
    body.putNull("source_endpoint_id");
    body.put("source_service", PG);
    body.putNull("dest_endpoint_id");
    body.put("dest_service", OS);
    body.put("integration_type", "logs");
    body.set("user_config", userConfig);
    return body.toString();
  }

  private static Map<String, String> cliValues() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("feature_enabled", "true");
    v.put("log", "['ddl','role']");
    v.put("log_catalog", "false");
    v.put("log_client", "true");
    v.put("log_level", "notice");
    v.put("log_max_string_length", "1024");
    v.put("log_nested_statements", "false");
    v.put("log_parameter", "true");
    v.put("log_parameter_max_size", "512");
    v.put("log_relation", "true");
    v.put("log_rows", "true");
    v.put("log_statement", "false");
    v.put("log_statement_once", "true");
    v.put("role", "auditor");
    return v;
  }
}
