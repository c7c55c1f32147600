package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's repr() of a JSON value. Aiven validates user_config with Python's jsonschema, so its
 * messages show values the Python way: {@code None}, {@code True}, {@code 'text'}, {@code ['a', 'b']}.
 */
final class PyRepr {
  private PyRepr() {}

  static String of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return "None";
    if (node.isBoolean()) return node.booleanValue() ? "True" : "False";
    if (node.isNumber()) return node.asText();
    if (node.isTextual()) return quote(node.textValue());
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(of(item)));
      return "[" + String.join(", ", items) + "]";
    }
    List<String> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      entries.add(quote(e.getKey()) + ": " + of(e.getValue()));
    }
    return "{" + String.join(", ", entries) + "}";
  }

  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String list(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(quote(v)));
    return "[" + String.join(", ", quoted) + "]";
  }
}
