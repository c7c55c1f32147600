package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * What an OpenSearch service object says about reaching it and its Dashboards (opensearch.md §2):
 * connection_info.opensearch[], opensearch_username/_password, opensearch_dashboards_uri and a
 * components[] entry {@code opensearch_dashboards}. With user_config.opensearch_dashboards.enabled
 * false, or while the service is not RUNNING or REBALANCING, the component and the URI are absent ([I]/Unknowns 6).
 */
final class OpenSearchViews {
  private OpenSearchViews() {}

  static void connection(SimService s, ObjectNode info, ArrayNode components, String password, SimulatorOptions options) {
    info.putArray("opensearch").add(s.serviceUri(password));
    info.put("opensearch_username", s.adminUser());
    info.put("opensearch_password", password);
    if (!dashboardsServed(s)) return;
    URI uri = s.dashboardsUri;
    // Percent-encoded, as RFC 3986 wants user info ([U] whether Aiven encodes; its passwords may need none).
    String userInfo = options.dashboardsUriEmbedsCredentials()
        ? encode(s.adminUser()) + ":" + (JsonViews.REDACTED.equals(password) ? password : encode(password)) + "@" : "";
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    info.put("opensearch_dashboards_uri", uri.getScheme() + "://" + userInfo + uri.getHost() + ":" + port + path);
    ObjectNode component = components.addObject();
    component.put("component", "opensearch_dashboards");
    component.put("host", uri.getHost());
    component.put("port", port);
    component.put("route", "dynamic");
    component.put("usage", "primary");
    component.put("ssl", "https".equals(uri.getScheme()));
    if (!path.isEmpty()) component.put("path", path);
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static boolean dashboardsServed(SimService s) {
    if (s.dashboardsUri == null || !("RUNNING".equals(s.state) || "REBALANCING".equals(s.state))) return false;
    return s.userConfig.path("opensearch_dashboards").path("enabled").asBoolean(true);
  }
}
