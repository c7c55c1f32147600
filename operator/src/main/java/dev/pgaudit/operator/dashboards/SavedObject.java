package dev.pgaudit.operator.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Dashboards saved object as GET answers it: the {@code version} is what an update must send back. */
public record SavedObject(String type, String id, String version, ObjectNode attributes, ArrayNode references) {

  static SavedObject of(JsonNode node) {
    JsonNode attributes = node.path("attributes");
    JsonNode references = node.path("references");
    return new SavedObject(node.path("type").asText(), node.path("id").asText(),
        node.hasNonNull("version") ? node.get("version").asText() : null,
        attributes.isObject() ? (ObjectNode) attributes : JsonNodeFactory.instance.objectNode(),
        references.isArray() ? (ArrayNode) references : JsonNodeFactory.instance.arrayNode());
  }

  /** An attribute as text ("" when absent). */
  public String text(String attribute) {
    return attributes.path(attribute).asText("");
  }
}
