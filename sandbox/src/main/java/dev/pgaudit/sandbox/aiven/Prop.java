package dev.pgaudit.sandbox.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of a user_config JSON schema, as Aiven publishes it (go-api-schemas dump). Just
 * the keywords the simulator needs; {@code properties} null means a free-form object.
 */
record Prop(
    List<String> types,
    List<String> enumValues,
    Number minimum,
    Number maximum,
    Integer minLength,
    Integer maxLength,
    String pattern,
    Prop items,
    Integer maxItems,
    Map<String, Prop> properties,
    JsonNode defaultValue,
    boolean createOnly,
    boolean secret) {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static Prop of(String type) {
    return new Prop(List.of(type), null, null, null, null, null, null, null, null, null, null, false, false);
  }

  static Prop bool(boolean defaultValue) { return of("boolean").defaultTo(JSON.booleanNode(defaultValue)); }

  static Prop integer(Number min, Number max) {
    Prop p = of("integer");
    return new Prop(p.types, null, min, max, null, null, null, null, null, null, null, false, false);
  }

  static Prop number(Number min, Number max) {
    return new Prop(List.of("number"), null, min, max, null, null, null, null, null, null, null, false, false);
  }

  static Prop string() { return of("string"); }

  static Prop enumOf(String... values) {
    return new Prop(List.of("string"), List.of(values), null, null, null, null, null, null, null, null, null, false,
        false);
  }

  static Prop array(Prop items, Integer maxItems) {
    return new Prop(List.of("array"), null, null, null, null, null, null, items, maxItems, null, null, false, false);
  }

  static Prop object(Map<String, Prop> properties) {
    return new Prop(List.of("object"), null, null, null, null, null, null, null, null,
        properties == null ? null : new LinkedHashMap<>(properties), null, false, false);
  }

  Prop defaultTo(JsonNode value) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        value, createOnly, secret);
  }

  Prop defaultTo(long value) { return defaultTo(JSON.numberNode(value)); }

  Prop defaultTo(String value) { return defaultTo(JSON.textNode(value)); }

  Prop length(Integer min, Integer max) {
    return new Prop(types, enumValues, minimum, maximum, min, max, pattern, items, maxItems, properties,
        defaultValue, createOnly, secret);
  }

  Prop matching(String regex) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, regex, items, maxItems, properties,
        defaultValue, createOnly, secret);
  }

  /** JSON schema {@code "type": [t, "null"]}: the only properties a PUT may reset with null. */
  Prop nullable() {
    List<String> withNull = new java.util.ArrayList<>(types);
    withNull.add("null");
    return new Prop(List.copyOf(withNull), enumValues, minimum, maximum, minLength, maxLength, pattern, items,
        maxItems, properties, defaultValue, createOnly, secret);
  }

  Prop asCreateOnly() {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, true, secret);
  }

  Prop asSecret() {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, createOnly, true);
  }

  boolean allowsNull() { return types.contains("null"); }

  boolean isObject() { return types.contains("object"); }
}
