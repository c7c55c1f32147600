package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Renders stored state as Aiven's JSON (reference §2.2 and §4.3), redacting secrets unless asked not to. */
final class JsonViews {
  static final String REDACTED = UserConfigMerge.REDACTED;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SimState state;
  private final SimulatorOptions options;

  JsonViews(SimState state, SimulatorOptions options) {
    this.state = state;
    this.options = options;
  }

  ObjectNode service(SimService s, boolean includeSecrets) {
    String password = includeSecrets ? s.adminPassword() : REDACTED;
    String uriPassword = includeSecrets || !options.redactServiceUriWithoutSecrets() ? s.adminPassword() : REDACTED;
    ObjectNode n = JSON.objectNode();
    n.put("service_name", s.name);
    n.put("service_type", s.type);
    n.put("state", s.state);
    n.put("plan", s.plan);
    n.put("cloud_name", s.cloud);
    n.put("create_time", iso(s.createTime));
    n.put("update_time", iso(s.updateTime));
    n.put("disk_space_mb", 81920);
    n.put("node_count", 1);
    n.putNull("project_vpc_id");
    n.put("termination_protection", s.terminationProtection);
    n.putArray("group_list").add("default");
    n.putObject("tags");
    if ("pg".equals(s.type)) n.putArray("databases").add(s.uriParams.get("dbname"));
    n.put("service_uri", s.serviceUri(uriPassword));
    ObjectNode params = n.putObject("service_uri_params");
    s.uriParams.forEach((key, value) -> params.put(key, "password".equals(key) ? uriPassword : value));
    ObjectNode info = n.putObject("connection_info");
    if ("pg".equals(s.type)) {
      info.putArray("pg").add(s.serviceUri(uriPassword));
      info.putArray("pg_params").add(params.deepCopy());
      info.putArray("pg_standby");
      info.putArray("pg_syncing");
    }
    ArrayNode components = n.putArray("components");
    ObjectNode component = components.addObject();
    component.put("component", s.type);
    component.put("host", s.uriParams.get("host"));
    component.put("port", Integer.parseInt(s.uriParams.get("port")));
    component.put("route", "dynamic");
    component.put("usage", "primary");
    if ("opensearch".equals(s.type)) OpenSearchViews.connection(s, info, components, uriPassword, options);
    ObjectNode node = n.putArray("node_states").addObject();
    node.put("name", s.name + "-1");
    node.put("state", "POWEROFF".equals(s.state) ? "leaving" : "running");
    node.put("role", "master");
    node.put("availability_zone", "europe-west1-b");
    node.putArray("progress_updates"); // always sent; `avn service get -v` reads it (§7.2)
    ObjectNode admin = n.putArray("users").addObject();
    admin.put("username", s.adminUser());
    admin.put("password", password);
    admin.put("type", "primary");
    n.set("user_config", userConfigForOutput(s.userConfig, UserConfigSchemas.forServiceType(s.type), includeSecrets));
    ArrayNode integrations = n.putArray("service_integrations");
    state.integrationsOf(s.project, s.name, options.listIncludesDestinationSide())
        .forEach(i -> integrations.add(integration(i)));
    ObjectNode maintenance = n.putObject("maintenance");
    maintenance.put("dow", "sunday");
    maintenance.put("time", "12:30:00");
    maintenance.put("enabled", true);
    maintenance.putArray("updates");
    return n;
  }

  ObjectNode integration(SimIntegration i) {
    IntegrationStatus status = status(i);
    ObjectNode n = JSON.objectNode();
    n.put("service_integration_id", i.id);
    n.put("integration_type", i.type);
    n.put("description", "logs".equals(i.type) ? "Send service logs to an OpenSearch service" : "Service integration");
    n.put("source_project", i.sourceProject);
    n.put("source_service", i.sourceService);
    n.put("source_service_type", serviceType(i.sourceProject, i.sourceService));
    n.putNull("source_endpoint");
    n.putNull("source_endpoint_id");
    n.put("dest_project", i.destProject);
    n.put("dest_service", i.destService);
    n.put("dest_service_type", serviceType(i.destProject, i.destService));
    n.putNull("dest_endpoint");
    n.putNull("dest_endpoint_id");
    n.put("enabled", true);
    n.put("active", status.active());
    n.set("user_config", userConfigForOutput(i.userConfig, UserConfigSchemas.forIntegrationType(i.type), true));
    n.set("integration_status", status.toJson());
    return n;
  }

  IntegrationStatus status(SimIntegration i) {
    boolean operational = operational(i.sourceProject, i.sourceService) && operational(i.destProject, i.destService);
    return IntegrationStatus.of(i, state.now(), options.integrationActivationDelay(), operational);
  }

  private boolean operational(String project, String service) {
    try {
      String s = state.service(project, service).state;
      return "RUNNING".equals(s) || "REBALANCING".equals(s);
    } catch (ApiError gone) {
      return false;
    }
  }

  /** A list entry for an integration type that could be enabled but is not: its id is null. */
  ObjectNode availableIntegration(SimService s, String type) {
    ObjectNode n = JSON.objectNode();
    n.putNull("service_integration_id");
    n.put("integration_type", type);
    n.put("description", "Available integration");
    n.put("source_project", s.project);
    n.put("source_service", s.name);
    n.put("source_service_type", s.type);
    n.put("dest_project", s.project);
    n.putNull("source_endpoint");
    n.putNull("source_endpoint_id"); // §7.2: the CLI's table reads these four keys on every entry
    n.putNull("dest_service");
    n.putNull("dest_service_type");
    n.putNull("dest_endpoint");
    n.putNull("dest_endpoint_id");
    n.put("enabled", false);
    n.put("active", false);
    n.putObject("user_config");
    return n;
  }

  private JsonNode userConfigForOutput(ObjectNode stored, Prop schema, boolean includeSecrets) {
    ObjectNode out = stored.deepCopy();
    if (schema != null && schema.properties() != null) {
      for (Map.Entry<String, Prop> p : schema.properties().entrySet()) {
        if (p.getValue().secret() && out.has(p.getKey()) && !includeSecrets) out.put(p.getKey(), REDACTED);
      }
      if (options.fillDefaultsInGet()) fillDefaults(out, schema);
    }
    return out;
  }

  /** Schema defaults for keys never set; for pg this includes the whole pgaudit block. */
  private static void fillDefaults(ObjectNode target, Prop schema) {
    for (Map.Entry<String, Prop> p : schema.properties().entrySet()) {
      Prop property = p.getValue();
      if (property.defaultValue() != null && !target.has(p.getKey())) target.set(p.getKey(), property.defaultValue());
      if (property == UserConfigSchemas.PGAUDIT) {
        JsonNode block = target.get(p.getKey());
        if (block == null || !block.isObject()) block = target.putObject(p.getKey());
        fillDefaults((ObjectNode) block, property);
      }
    }
  }

  private String serviceType(String project, String service) {
    try {
      return state.service(project, service).type;
    } catch (ApiError gone) {
      return null;
    }
  }

  static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static List<String> availableTypesFor(String serviceType) {
    return "pg".equals(serviceType) ? List.of("read_replica") : List.of();
  }
}
