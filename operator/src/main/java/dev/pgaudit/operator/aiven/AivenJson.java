package dev.pgaudit.operator.aiven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps Aiven's JSON to the gateway's records; values become plain, unmodifiable Java types. */
final class AivenJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String REDACTED = "<redacted>";
  private static final java.util.regex.Pattern SECRET_KEY =
      java.util.regex.Pattern.compile("password|secret|private_key", java.util.regex.Pattern.CASE_INSENSITIVE);

  private AivenJson() {}

  static JsonNode parse(String body) throws JsonProcessingException {
    return MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise request body: " + e.getOriginalMessage(), e);
    }
  }

  /** The {"service": {...}} wrapper's content as an AivenService; connection only when asked for. */
  static AivenService service(String project, JsonNode service, boolean withConnection) {
    Map<String, Object> userConfig = withoutSecrets(objectOrEmpty(service.path("user_config")));
    Object pgaudit = userConfig.get("pgaudit");
    @SuppressWarnings("unchecked")
    Map<String, Object> pgauditMap = pgaudit instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    JsonNode version = service.path("user_config").path("pg_version");
    return new AivenService(
        project,
        text(service, "service_name"),
        text(service, "service_type"),
        text(service, "state"),
        version.isMissingNode() || version.isNull() ? null : version.asText(),
        userConfig,
        pgauditMap,
        withConnection ? connection(service) : null,
        integrations(service.path("service_integrations")));
  }

  /** Entries with a null id (integration types available but not enabled) are left out. */
  static List<ServiceIntegration> integrations(JsonNode array) {
    List<ServiceIntegration> result = new ArrayList<>();
    for (JsonNode item : array) {
      if (text(item, "service_integration_id") != null) result.add(integration(item));
    }
    return List.copyOf(result);
  }

  static ServiceIntegration integration(JsonNode node) {
    return new ServiceIntegration(
        text(node, "service_integration_id"),
        text(node, "integration_type"),
        text(node, "source_project"),
        text(node, "source_service"),
        text(node, "dest_project"),
        text(node, "dest_service"),
        node.path("enabled").asBoolean(false),
        node.path("active").asBoolean(false),
        objectOrEmpty(node.path("user_config")),
        text(node.path("integration_status").path("state"), "status"),
        problem(node.path("integration_status").path("state")));
  }

  /** integration_status.state's errors and likely_error_cause as one sentence, or null when there are none. */
  private static String problem(JsonNode state) {
    List<String> parts = new ArrayList<>();
    for (JsonNode error : state.path("errors")) {
      if (error.isTextual() && !error.asText().isBlank()) parts.add(error.asText().strip());
    }
    String cause = text(state, "likely_error_cause");
    if (cause != null && !cause.isBlank()) parts.add("likely cause: " + cause.strip());
    return parts.isEmpty() ? null : String.join("; ", parts);
  }

  /**
   * The avnadmin connection from service_uri_params (all strings, port too). Null when the
   * service has none yet (e.g. still being built). A redacted password means the token may not
   * read secrets even though it asked for them (Aiven's legacy read_only role answers that way).
   */
  static PgConnectionParams connection(JsonNode service) {
    JsonNode params = service.path("service_uri_params");
    String host = text(params, "host");
    String port = text(params, "port");
    if (host == null || port == null) return null;
    String password = text(params, "password");
    if (REDACTED.equals(password)) throw new RedactedSecretsException();
    return new PgConnectionParams(
        host,
        Integer.parseInt(port.trim()),
        orDefault(text(params, "user"), "avnadmin"),
        password,
        orDefault(text(params, "dbname"), "defaultdb"),
        orDefault(text(params, "sslmode"), "require"),
        null);
  }

  /** Signals that include_secrets=true still gave redacted values. */
  static final class RedactedSecretsException extends RuntimeException {
    RedactedSecretsException() {
      super("service_uri_params.password is redacted", null, false, false);
    }
  }

  /**
   * include_secrets=true also reveals secret user_config fields (admin_password, migration
   * passwords); the operator never needs them, so they are masked before they can reach a log.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutSecrets(Map<String, Object> config) {
    Map<String, Object> masked = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested) {
        masked.put(key, withoutSecrets((Map<String, Object>) nested));
      } else if (value != null && SECRET_KEY.matcher(key).find()) {
        masked.put(key, REDACTED);
      } else {
        masked.put(key, value);
      }
    });
    return Collections.unmodifiableMap(masked);
  }

  static Map<String, Object> objectOrEmpty(JsonNode node) {
    if (!node.isObject()) return Map.of();
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) toJava(node);
    return map;
  }

  /** JSON → Boolean, Integer/Long/BigInteger, Double, String, List, Map (unmodifiable), or null. */
  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (node.isBoolean()) return node.booleanValue();
    if (node.isIntegralNumber()) {
      if (node.canConvertToInt()) return node.intValue();
      if (node.canConvertToLong()) return node.longValue();
      return node.bigIntegerValue();
    }
    if (node.isNumber()) return node.doubleValue();
    if (node.isTextual()) return node.textValue();
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toJava(item)));
      return Collections.unmodifiableList(list);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
    return Collections.unmodifiableMap(map);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
