package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A request after routing and authentication: who asks, for what, with which body (may be null). */
record SimRequest(String method, Routes.Match route, Map<String, String> query, JsonNode body, SimState.TokenGrant grant) {
  String param(String name) { return route.param(name); }

  boolean flag(String name) {
    String value = query.get(name);
    return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
  }
}
