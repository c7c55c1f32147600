package dev.pgaudit.testkit.aiven;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API paths the simulator serves (relative to /v1) and how a raw path matches them. */
final class Routes {
  static final String SERVICES = "/project/{project}/service";
  static final String SERVICE = "/project/{project}/service/{service}";
  static final String SERVICE_INTEGRATIONS = "/project/{project}/service/{service}/integration";
  static final String INTEGRATIONS = "/project/{project}/integration";
  static final String INTEGRATION = "/project/{project}/integration/{integration_id}";
  /** Reference §7.1: note the hyphen in service-types here and the underscore in the list paths. */
  static final String SERVICE_TYPE = "/project/{project}/service-types/{service_type}";
  static final String PROJECT_SERVICE_TYPES = "/project/{project}/service_types";
  static final String SERVICE_TYPES = "/service_types";
  static final String INTEGRATION_TYPES = "/project/{project}/integration_types";

  static final List<String> TEMPLATES = List.of(SERVICES, SERVICE, SERVICE_INTEGRATIONS, INTEGRATIONS, INTEGRATION,
      SERVICE_TYPE, PROJECT_SERVICE_TYPES, SERVICE_TYPES, INTEGRATION_TYPES);

  /** A path that matched {@code template}; {@code params} holds the decoded placeholders. */
  record Match(String template, Map<String, String> params) {
    String param(String name) { return params.get(name); }
  }

  private Routes() {}

  /** The matching template, or null when no API path looks like this. */
  static Match match(String rawPath) {
    String[] segments = split(rawPath);
    for (String template : TEMPLATES) {
      String[] parts = split(template);
      if (parts.length != segments.length) continue;
      Map<String, String> params = new LinkedHashMap<>();
      boolean ok = true;
      for (int i = 0; i < parts.length && ok; i++) {
        String value = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        if (parts[i].startsWith("{")) {
          params.put(parts[i].substring(1, parts[i].length() - 1), value);
          ok = !value.isEmpty();
        } else {
          ok = parts[i].equals(value);
        }
      }
      if (ok) return new Match(template, params);
    }
    return null;
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
