package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One request: HTTP Basic auth (the Security plugin is always on at Aiven, S11), the XSRF check on
 * every method but GET and HEAD (S13: {@code osd-xsrf} with any value, or {@code osd-version} equal
 * to the server's; {@code kbn-xsrf} is not accepted), the tenant (S20), then the API.
 */
final class DashboardsHandler implements HttpHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> SAFE = Set.of("GET", "HEAD");

  private final DashboardsStandIn standIn;

  DashboardsHandler(DashboardsStandIn standIn) {
    this.standIn = standIn;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase();
    String rawPath = exchange.getRequestURI().getRawPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String xsrf = exchange.getRequestHeaders().getFirst("osd-xsrf");
    String tenantHeader = exchange.getRequestHeaders().getFirst("securitytenant");
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    int status;
    JsonNode answer;
    String tenant = null;
    try {
      authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      String base = standIn.options().basePath();
      if (!rawPath.startsWith(base + "/")) throw new DashboardsError(404, "Not Found");
      String path = URLDecoder.decode(rawPath.substring(base.length()), StandardCharsets.UTF_8);
      if (!SAFE.contains(method) && xsrf == null
          && !DashboardsStandIn.VERSION.equals(exchange.getRequestHeaders().getFirst("osd-version"))) {
        throw DashboardsError.badRequest("Request must contain a osd-xsrf header.");
      }
      tenant = tenant(tenantHeader);
      answer = standIn.serve(method, path, query(rawQuery), json(body), tenant);
      status = 200;
    } catch (DashboardsError e) {
      status = e.status;
      answer = e.body;
    } catch (RuntimeException e) {
      status = 500;
      answer = new DashboardsError(500, "An internal server error occurred.").body;
    }
    standIn.logged(new DashboardsStandIn.Request(method, rawPath, rawQuery, xsrf, tenantHeader, tenant, status));
    send(exchange, status, answer);
  }

  private void authenticate(String header) {
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      if (colon > 0 && standIn.authenticated(decoded.substring(0, colon), decoded.substring(colon + 1))) return;
    }
    throw new DashboardsError(401, "Authentication Exception");
  }

  /** The store a request reads and writes: Global, the user's private tenant, or 400 for an unavailable one. */
  private String tenant(String header) {
    DashboardsOptions o = standIn.options();
    if (!o.multitenancy()) return DashboardsStandIn.GLOBAL;
    String asked = o.tenantHeaderHonored() ? header : null;
    if (asked == null) {
      boolean global = o.defaultTenant() == DashboardsOptions.DefaultTenant.GLOBAL && o.globalTenantEnabled();
      return global ? DashboardsStandIn.GLOBAL : DashboardsStandIn.privateTenant(standIn.user());
    }
    String name = asked.trim();
    if (name.isEmpty() || name.equalsIgnoreCase("global")) {
      if (!o.globalTenantEnabled()) throw DashboardsError.badRequest("Invalid tenant: global tenant is not enabled");
      return DashboardsStandIn.GLOBAL;
    }
    if (name.equalsIgnoreCase("private") || name.equals("__user__")) return DashboardsStandIn.privateTenant(standIn.user());
    throw DashboardsError.badRequest("Invalid tenant: " + name);
  }

  private static JsonNode json(byte[] body) {
    if (body.length == 0) return null;
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw DashboardsError.badRequest("Invalid request payload JSON format");
    }
  }

  private static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return query;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, JsonNode answer) {
    try (exchange) {
      byte[] bytes = MAPPER.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException clientGone) {
      // nothing to answer
    }
  }
}
