package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does to a custom resource before validating it, done on a JsonNode against
 * the CRD's structural openAPIV3Schema: drop nulls of non-nullable fields, report unknown fields
 * (kubectl's default strict field validation), fill in defaults.
 */
final class StructuralSchema {
  /** Always present at the root of a resource, though not in the schema's properties. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralSchema() {}

  /** The schema of the value under the given property, or null when the schema allows none. */
  static JsonNode propertySchema(JsonNode objectSchema, String name) {
    JsonNode declared = objectSchema.path("properties").get(name);
    if (declared != null) {
      return declared;
    }
    JsonNode additional = objectSchema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  static JsonNode itemSchema(JsonNode arraySchema) {
    return arraySchema.get("items");
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  /** Removes null values the schema does not declare nullable (the API server prunes them). */
  static void dropNulls(JsonNode schema, JsonNode value) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode fieldSchema = propertySchema(schema, field.getKey());
        if (field.getValue().isNull() && fieldSchema != null && !fieldSchema.path("nullable").asBoolean(false)) {
          it.remove();
        } else {
          dropNulls(fieldSchema, field.getValue());
        }
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(item -> dropNulls(itemSchema(schema), item));
    }
  }

  /** Fields the schema does not know, as strict field validation reports them. */
  static List<Violation> unknownFields(JsonNode rootSchema, JsonNode resource) {
    List<Violation> out = new ArrayList<>();
    collectUnknown(rootSchema, resource, "", true, out);
    return out;
  }

  private static void collectUnknown(JsonNode schema, JsonNode value, String path, boolean root, List<Violation> out) {
    if (schema == null || preservesUnknownFields(schema)) {
      return;
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String fieldPath = Paths.field(path, field.getKey());
        if (root && ROOT_FIELDS.contains(field.getKey())) {
          continue;
        }
        JsonNode fieldSchema = propertySchema(schema, field.getKey());
        if (fieldSchema == null) {
          out.add(new Violation(fieldPath, "unknown-field", "field not declared in schema"));
        } else {
          collectUnknown(fieldSchema, field.getValue(), fieldPath, false, out);
        }
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        collectUnknown(itemSchema(schema), value.get(i), Paths.index(path, i), false, out);
      }
    }
  }

  /** Fills absent properties that have a default, in every object present (API server defaulting). */
  static void applyDefaults(JsonNode schema, JsonNode value) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        JsonNode defaultValue = property.getValue().get("default");
        if (!object.has(property.getKey()) && defaultValue != null) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        applyDefaults(propertySchema(schema, field.getKey()), field.getValue());
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(item -> applyDefaults(itemSchema(schema), item));
    }
  }

  /** Kubernetes-style field paths: spec.scope.databases[0]. */
  static final class Paths {
    private Paths() {}

    static String field(String parent, String name) {
      return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
      return parent + "[" + index + "]";
    }

    static String orRoot(String path) {
      return path.isEmpty() ? Violation.ROOT : path;
    }
  }
}
