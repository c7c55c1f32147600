package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Renders a {@link Prop} as the JSON Schema object Aiven serves in {@code user_config_schema}
 * (reference §7.1): {@code type} (a string, or a list when there are several), {@code properties},
 * {@code additionalProperties: false} on objects whose keys are known, {@code enum}, bounds,
 * {@code pattern}, {@code items}, {@code maxItems}, {@code default}, {@code required}, and Aiven's
 * {@code create_only}. The CLI converts {@code -c key=value} by these types.
 */
final class SchemaJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SchemaJson() {}

  static ObjectNode of(Prop p) {
    ObjectNode n = JSON.objectNode();
    if (p.title() != null) n.put("title", p.title());
    if (p.types().size() == 1) {
      n.put("type", p.types().get(0));
    } else {
      ArrayNode types = n.putArray("type");
      p.types().forEach(types::add);
    }
    if (p.enumValues() != null) {
      ArrayNode values = n.putArray("enum");
      p.enumValues().forEach(values::add);
      if (p.allowsNull()) values.addNull();
    }
    if (p.minimum() != null) n.put("minimum", new BigDecimal(p.minimum().toString()));
    if (p.maximum() != null) n.put("maximum", new BigDecimal(p.maximum().toString()));
    if (p.minLength() != null) n.put("minLength", p.minLength());
    if (p.maxLength() != null) n.put("maxLength", p.maxLength());
    if (p.pattern() != null) n.put("pattern", p.pattern());
    if (p.items() != null) n.set("items", of(p.items()));
    if (p.maxItems() != null) n.put("maxItems", p.maxItems());
    if (p.properties() != null) {
      ObjectNode properties = n.putObject("properties");
      for (Map.Entry<String, Prop> e : p.properties().entrySet()) properties.set(e.getKey(), of(e.getValue()));
      n.put("additionalProperties", false);
    }
    if (p.required() != null) {
      ArrayNode required = n.putArray("required");
      p.required().forEach(required::add);
    }
    if (p.defaultValue() != null) n.set("default", p.defaultValue().deepCopy());
    if (p.createOnly()) n.put("create_only", true);
    return n;
  }
}
