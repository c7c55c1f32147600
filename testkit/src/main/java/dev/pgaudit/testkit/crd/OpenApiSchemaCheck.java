package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/**
 * The openAPIV3Schema part of the API server's validation (types, enums, ranges, lengths,
 * patterns, required), done by networknt's json-schema-validator in the draft 4 dialect, which is
 * what OpenAPI v3.0 schemas are based on.
 */
final class OpenApiSchemaCheck {
  private final Schema schema;

  OpenApiSchemaCheck(JsonNode openApiV3Schema) {
    this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(asDraft4(openApiV3Schema.deepCopy()));
  }

  /** Validates the whole resource; apiVersion, kind and metadata pass as undeclared properties. */
  List<Violation> violations(JsonNode resource) {
    List<Violation> out = new ArrayList<>();
    for (Error error : schema.validate(resource)) {
      String path = path(error.getInstanceLocation());
      if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
        path = StructuralSchema.Paths.field(path, error.getProperty());
      }
      out.add(new Violation(StructuralSchema.Paths.orRoot(path), error.getKeyword(), error.getMessage()));
    }
    return out;
  }

  /**
   * Kubernetes' extensions mean nothing to a JSON-schema validator: the x-kubernetes-* keywords
   * are removed (CelRuleCheck and StructuralSchema handle them), and OpenAPI's nullable: true
   * becomes a null type. Only keyword positions are touched, never property names or enum values.
   */
  private static JsonNode asDraft4(JsonNode schema) {
    if (!(schema instanceof ObjectNode object)) {
      return schema;
    }
    if (object.path("nullable").asBoolean(false) && object.path("type").isTextual()) {
      ArrayNode types = JsonNodeFactory.instance.arrayNode().add(object.get("type").asText()).add("null");
      object.set("type", types);
    }
    object.properties().removeIf(f -> f.getKey().startsWith("x-kubernetes-") || f.getKey().equals("nullable"));
    for (String keyword : List.of("properties", "patternProperties", "definitions")) {
      object.path(keyword).forEach(OpenApiSchemaCheck::asDraft4);
    }
    for (String keyword : List.of("items", "additionalProperties", "not")) {
      asDraft4(object.get(keyword));
    }
    for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
      object.path(keyword).forEach(OpenApiSchemaCheck::asDraft4);
    }
    return object;
  }

  private static String path(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path = element instanceof Integer index
          ? StructuralSchema.Paths.index(path, index)
          : StructuralSchema.Paths.field(path, String.valueOf(element));
    }
    return path;
  }
}
