package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schema endpoints Aiven's CLI reads before it can turn {@code -c key=value} into JSON
 * (reference §7.1). Every {@code user_config_schema} is rendered from the very {@link Prop}s that
 * validate writes ({@link UserConfigSchemas}), so a client never reads a schema the simulator
 * does not enforce. Callers hold the state lock.
 */
final class TypeEndpoints {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Which integration types connect which service types (only logs: pg → opensearch is modelled). */
  private static final Map<String, List<String>> DEST_TYPES = Map.of("logs", List.of("opensearch"));

  private final SimState state;

  TypeEndpoints(SimState state) {
    this.state = state;
  }

  /** GET /project/{p}/service-types/{type}: the type object itself, no wrapper key. */
  Reply serviceType(SimRequest request) {
    state.requireProject(request.param("project"));
    String type = request.param("service_type");
    if (!UserConfigSchemas.SERVICE_TYPES.containsKey(type)) {
      throw new ApiError(404, "Service type " + type + " does not exist", null);
    }
    return Reply.ok(serviceTypeObject(type));
  }

  /** GET /project/{p}/service_types and GET /service_types: {"service_types": {type: object}}. */
  Reply serviceTypes(SimRequest request) {
    if (request.param("project") != null) state.requireProject(request.param("project"));
    ObjectNode body = JSON.objectNode();
    ObjectNode types = body.putObject("service_types");
    new TreeMap<>(UserConfigSchemas.SERVICE_TYPES).keySet().forEach(t -> types.set(t, serviceTypeObject(t)));
    return Reply.ok(body);
  }

  /** GET /project/{p}/integration_types: {"integration_types": [{integration_type, user_config_schema, ...}]}. */
  Reply integrationTypes(SimRequest request) {
    state.requireProject(request.param("project"));
    ObjectNode body = JSON.objectNode();
    ArrayNode list = body.putArray("integration_types");
    for (String type : IntegrationEndpoints.TYPES) {
      ObjectNode n = list.addObject();
      n.put("integration_type", type);
      n.put("description", "logs".equals(type) ? "Send service logs to an OpenSearch service" : "Service integration");
      n.put("source_description", "Source service");
      n.put("dest_description", "Destination service");
      List<String> dests = DEST_TYPES.getOrDefault(type, List.of());
      ArrayNode destTypes = n.putArray("dest_service_types");
      dests.forEach(destTypes::add);
      if (!dests.isEmpty()) n.put("dest_service_type", dests.get(0));
      n.putArray("source_service_types").add("pg");
      n.set("user_config_schema", SchemaJson.of(UserConfigSchemas.forIntegrationType(type)));
    }
    return Reply.ok(body);
  }

  private static ObjectNode serviceTypeObject(String type) {
    ObjectNode n = JSON.objectNode();
    n.put("description", "pg".equals(type) ? "PostgreSQL - Object-Relational Database Management System"
        : "OpenSearch - Search & Analyze Data in Real Time");
    boolean pg = "pg".equals(type);
    n.put("default_version", pg ? "16" : UserConfigSchemas.DEFAULT_OPENSEARCH_VERSION);
    n.put("latest_available_version", pg ? "18" : "3.6");
    ArrayNode plans = n.putArray("service_plans");
    ObjectNode plan = plans.addObject();
    plan.put("service_plan", "startup-4");
    plan.put("service_type", type);
    plan.put("node_count", 1);
    n.set("user_config_schema", SchemaJson.of(UserConfigSchemas.SERVICE_TYPES.get(type)));
    return n;
  }
}
