package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET/PUT of services (reference §2). Callers hold the state lock. */
final class ServiceEndpoints {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Prop UPDATE_BODY = Prop.object(updateBodyProperties());

  private final SimState state;
  private final SimulatorOptions options;
  private final JsonViews views;

  ServiceEndpoints(SimState state, SimulatorOptions options, JsonViews views) {
    this.state = state;
    this.options = options;
    this.views = views;
  }

  Reply list(SimRequest request) {
    boolean secrets = secretsAllowed(request);
    ObjectNode body = JSON.objectNode();
    ArrayNode services = body.putArray("services");
    state.services(request.param("project")).forEach(s -> services.add(views.service(s, secrets)));
    return Reply.ok(body);
  }

  Reply get(SimRequest request) {
    SimService service = state.service(request.param("project"), request.param("service"));
    return Reply.ok(wrap(views.service(service, secretsAllowed(request))));
  }

  /** Merges user_config (see {@link UserConfigMerge}); changes nothing else unless asked (powered, ...). */
  Reply update(SimRequest request) {
    SimService service = state.service(request.param("project"), request.param("service"));
    JsonNode body = request.body() == null ? JSON.objectNode() : request.body();
    UserConfigValidator.forRequestBody().validate(body, UPDATE_BODY);
    JsonNode userConfig = body.get("user_config");
    boolean poweringOn = body.path("powered").asBoolean(false);
    if (userConfig != null && "POWEROFF".equals(service.state) && !poweringOn
        && options.poweroffUpdate() == SimulatorOptions.PoweroffUpdate.REJECT) {
      throw ApiError.notPowered();
    }
    boolean changed = false;
    if (userConfig != null) changed = applyUserConfig(service, userConfig);
    if (body.has("termination_protection")) {
      changed |= service.terminationProtection != body.get("termination_protection").booleanValue();
      service.terminationProtection = body.get("termination_protection").booleanValue();
    }
    if (body.has("powered")) changed |= setPowered(service, body.get("powered").booleanValue());
    if (changed) service.updateTime = state.now();
    return Reply.ok(wrap(views.service(service, false))); // write endpoints always redact
  }

  private boolean applyUserConfig(SimService service, JsonNode patch) {
    Prop schema = UserConfigSchemas.forServiceType(service.type);
    UserConfigValidator.forUserConfig(options.rejectUnknownUserConfigKeys()).validate(patch, schema);
    JsonNode effective = withoutCreateOnlyKeys(patch, schema);
    ObjectNode merged = service.userConfig.deepCopy();
    UserConfigMerge.merge(merged, effective, schema);
    if (merged.equals(service.userConfig)) return false;
    JsonNode pgauditBefore = service.userConfig.path("pgaudit").deepCopy();
    service.userConfig = merged;
    service.userConfigChanged(pgauditBefore);
    return true;
  }

  private JsonNode withoutCreateOnlyKeys(JsonNode patch, Prop schema) {
    ObjectNode copy = patch.deepCopy();
    for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      Prop property = schema.properties().get(key);
      if (property == null || !property.createOnly()) continue;
      if (options.createOnlyKeysOnUpdate() == SimulatorOptions.CreateOnlyKeys.REJECT) {
        throw ApiError.invalidUserConfig("Invalid input for " + key + ": can only be set when the service is created");
      }
      it.remove();
    }
    return copy;
  }

  private boolean setPowered(SimService service, boolean powered) {
    String next = powered ? ("POWEROFF".equals(service.state) ? "RUNNING" : service.state) : "POWEROFF";
    if (!powered && service.terminationProtection) {
      throw new ApiError(403, "Service is protected against termination and shutdown. "
          + "Remove termination protection first.", "permission_denied");
    }
    boolean changed = !next.equals(service.state);
    service.state = next;
    return changed;
  }

  private static boolean secretsAllowed(SimRequest request) {
    if (!request.flag("include_secrets")) return false;
    if (!request.grant().canReadSecrets()) {
      throw ApiError.forbidden("Not allowed to read secrets: the token's role lacks the permission to view secrets");
    }
    return true;
  }

  private static ObjectNode wrap(ObjectNode service) {
    ObjectNode body = JSON.objectNode();
    body.set("service", service);
    return body;
  }

  private static Map<String, Prop> updateBodyProperties() {
    Map<String, Prop> p = new LinkedHashMap<>();
    p.put("user_config", Prop.object(null));
    p.put("powered", Prop.of("boolean"));
    p.put("termination_protection", Prop.of("boolean"));
    p.put("plan", Prop.string());
    p.put("cloud", Prop.string());
    p.put("disk_space_mb", Prop.integer(0, null));
    p.put("maintenance", Prop.object(null));
    p.put("project_vpc_id", Prop.string().nullable());
    p.put("tech_emails", Prop.array(Prop.object(null), 10));
    p.put("karapace", Prop.of("boolean"));
    p.put("schema_registry_authz", Prop.of("boolean"));
    p.put("group_name", Prop.string());
    // Customer-managed key (BYOK): accepted and ignored; a real change would rebalance the service.
    p.put("cmk_id", Prop.string().length(null, 36).nullable());
    return p;
  }
}
