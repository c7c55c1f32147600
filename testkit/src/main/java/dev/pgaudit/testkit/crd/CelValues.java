package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value as the CEL runtime sees it: objects as maps (an absent field is an absent key, so
 * has() is false), arrays as lists, integers as long, numbers as double, guided by the schema
 * where the JSON alone is ambiguous (an integral value of a number field is still a double).
 */
final class CelValues {
  private CelValues() {}

  static Object of(JsonNode value, JsonNode schema) {
    String type = schema == null ? "" : schema.path("type").asText("");
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          map.put(field.getKey(), of(field.getValue(),
              schema == null ? null : StructuralSchema.propertySchema(schema, field.getKey())));
        }
      }
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(of(item, schema == null ? null : StructuralSchema.itemSchema(schema))));
      return list;
    }
    if (value.isNumber()) {
      return type.equals("number") || value.isFloatingPointNumber() ? (Object) value.doubleValue() : (Object) value.longValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.asText();
  }
}
