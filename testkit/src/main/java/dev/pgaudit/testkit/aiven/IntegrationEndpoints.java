package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Service integrations (reference §4). Callers hold the state lock. */
final class IntegrationEndpoints {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final List<String> TYPES = List.of(
      "logs", "metrics", "read_replica", "rsyslog", "datadog", "kafka_logs", "prometheus", "dashboard");

  private final SimState state;
  private final SimulatorOptions options;
  private final JsonViews views;

  IntegrationEndpoints(SimState state, SimulatorOptions options, JsonViews views) {
    this.state = state;
    this.options = options;
    this.views = views;
  }

  Reply listForService(SimRequest request) {
    SimService service = state.service(request.param("project"), request.param("service"));
    ObjectNode body = JSON.objectNode();
    ArrayNode list = body.putArray("service_integrations");
    state.integrationsOf(service.project, service.name, options.listIncludesDestinationSide())
        .forEach(i -> list.add(views.integration(i)));
    if (options.listIncludesAvailableIntegrations()) {
      JsonViews.availableTypesFor(service.type).forEach(t -> list.add(views.availableIntegration(service, t)));
    }
    return Reply.ok(body);
  }

  Reply create(SimRequest request) {
    String project = request.param("project");
    state.requireProject(project);
    JsonNode body = request.body() == null ? JSON.objectNode() : request.body();
    UserConfigValidator.forRequestBody().validate(body, createBody());
    String type = required(body, "integration_type");
    for (String endpoint : List.of("source_endpoint_id", "dest_endpoint_id")) {
      if (body.hasNonNull(endpoint)) {
        throw new ApiError(404, "Service integration endpoint " + body.get(endpoint).asText() + " does not exist", null);
      }
    }
    String sourceProject = body.path("source_project").asText(project);
    String destProject = body.path("dest_project").asText(project);
    String sourceName = required(body, "source_service");
    String destName = body.hasNonNull("dest_service") || !options.acceptDestinationServiceAlias()
        ? required(body, "dest_service")
        : required(body, "destination_service");
    for (String p : List.of(sourceProject, destProject)) {
      if (!request.grant().mayAccess(p)) throw ApiError.forbidden("Permission denied");
    }
    SimService source = state.service(sourceProject, sourceName);
    SimService dest = state.service(destProject, destName);
    if ("logs".equals(type) && !"opensearch".equals(dest.type)) {
      throw ApiError.badRequest("Integration type logs is not supported from service type " + source.type
          + " to service type " + dest.type);
    }
    checkDestinationState(dest);
    JsonNode userConfig = body.hasNonNull("user_config") ? body.get("user_config") : JSON.objectNode();
    validateUserConfig(type, userConfig);
    if (state.findLink(type, sourceProject, sourceName, destProject, destName) != null) {
      throw new ApiError(409, "Service integration of type " + type + " from " + sourceName + " to " + destName
          + " already exists", null);
    }
    SimIntegration created = new SimIntegration(UUID.randomUUID().toString(), project, type, sourceProject,
        sourceName, destProject, destName, (ObjectNode) userConfig.deepCopy(), state.now());
    created.failure = options.integrationFailure();
    state.addIntegration(created);
    ObjectNode answer = wrap(views.integration(created));
    answer.put("message", "created"); // success bodies may carry a message; clients must ignore it
    return Reply.ok(answer);
  }

  Reply get(SimRequest request) {
    return Reply.ok(wrap(views.integration(state.integration(request.param("project"), request.param("integration_id")))));
  }

  /** Merges user_config like a service update; an update that changes nothing is an error, as in Aiven. */
  Reply update(SimRequest request) {
    SimIntegration integration = state.integration(request.param("project"), request.param("integration_id"));
    JsonNode body = request.body() == null ? JSON.objectNode() : request.body();
    UserConfigValidator.forRequestBody().validate(body, Prop.object(Map.of("user_config", Prop.object(null))));
    if (!body.has("user_config")) throw ApiError.badRequest("Invalid input: 'user_config' is a required property");
    validateUserConfig(integration.type, body.get("user_config"));
    ObjectNode merged = integration.userConfig.deepCopy();
    UserConfigMerge.merge(merged, body.get("user_config"), schemaFor(integration.type));
    if (merged.equals(integration.userConfig)) {
      throw new ApiError(options.unchangedIntegrationStatus(), "user config not changed", null);
    }
    integration.userConfig = merged;
    integration.startedAt = state.now(); // a new config restarts it: inactive again for the activation delay
    return Reply.ok(wrap(views.integration(integration)));
  }

  Reply delete(SimRequest request) {
    SimIntegration integration = state.integration(request.param("project"), request.param("integration_id"));
    state.removeIntegration(integration.id);
    ObjectNode body = JSON.objectNode();
    body.put("message", "deleted");
    return Reply.ok(body);
  }

  /** §7.4 [U]: see {@link SimulatorOptions.NonOperationalDestination}. */
  private void checkDestinationState(SimService dest) {
    boolean poweredOff = "POWEROFF".equals(dest.state);
    boolean rebuilding = "REBUILDING".equals(dest.state);
    SimulatorOptions.NonOperationalDestination rule = options.nonOperationalDestination();
    if (poweredOff && rule != SimulatorOptions.NonOperationalDestination.ACCEPT) {
      throw new ApiError(409, "Destination service " + dest.name + " is powered off", "not_powered");
    }
    if (rebuilding && rule == SimulatorOptions.NonOperationalDestination.REJECT) {
      throw new ApiError(409, "Destination service " + dest.name + " is not running (REBUILDING)", null);
    }
  }

  private void validateUserConfig(String type, JsonNode userConfig) {
    UserConfigValidator.forUserConfig(options.rejectUnknownUserConfigKeys()).validate(userConfig, schemaFor(type));
  }

  private static Prop schemaFor(String type) {
    return UserConfigSchemas.forIntegrationType(type);
  }

  private Prop createBody() {
    Map<String, Prop> p = new LinkedHashMap<>();
    p.put("integration_type", Prop.enumOf(TYPES.toArray(String[]::new)));
    p.put("source_service", Prop.string().length(null, 64));
    p.put("dest_service", Prop.string().length(null, 64));
    p.put("source_project", Prop.string().length(null, 63));
    p.put("dest_project", Prop.string().length(null, 63));
    p.put("source_endpoint_id", Prop.string().length(null, 36).nullable());
    p.put("dest_endpoint_id", Prop.string().length(null, 36).nullable());
    p.put("user_config", Prop.object(null));
    if (options.acceptDestinationServiceAlias()) p.put("destination_service", Prop.string().length(null, 64));
    return Prop.object(p);
  }

  private static String required(JsonNode body, String field) {
    if (!body.hasNonNull(field)) throw ApiError.badRequest("Invalid input: '" + field + "' is a required property");
    return body.get(field).asText();
  }

  private static ObjectNode wrap(ObjectNode integration) {
    ObjectNode body = JSON.objectNode();
    body.set("service_integration", integration);
    return body;
  }
}
