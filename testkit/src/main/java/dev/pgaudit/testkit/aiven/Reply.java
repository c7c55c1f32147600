package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An HTTP answer: status, JSON body, extra headers. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
  static Reply ok(JsonNode body) { return new Reply(200, body, Map.of()); }

  static Reply error(ApiError error) { return new Reply(error.status(), error.body(), Map.of()); }
}
