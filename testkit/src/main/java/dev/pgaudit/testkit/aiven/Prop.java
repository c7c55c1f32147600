package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One property of a user_config JSON schema, as Aiven publishes it (go-api-schemas dump). Just
 * the keywords the simulator needs; {@code properties} null means a free-form object. The same
 * value both validates PUT/POST bodies ({@link UserConfigValidator}) and is served to clients as
 * JSON Schema ({@link SchemaJson}), so what a client reads is what the simulator enforces.
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
    boolean secret,
    List<String> required,
    String title) {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static Prop of(String type) {
    return new Prop(List.of(type), null, null, null, null, null, null, null, null, null, null, false, false, null, null);
  }

  static Prop bool(boolean defaultValue) { return of("boolean").defaultTo(JSON.booleanNode(defaultValue)); }

  static Prop integer(Number min, Number max) { return of("integer").range(min, max); }

  static Prop number(Number min, Number max) { return of("number").range(min, max); }

  static Prop string() { return of("string"); }

  static Prop enumOf(String... values) { return string().withEnum(List.of(values)); }

  static Prop array(Prop items, Integer maxItems) { return of("array").withItems(items, maxItems); }

  static Prop object(Map<String, Prop> properties) {
    return of("object").withProperties(properties == null ? null : new LinkedHashMap<>(properties));
  }

  /** A JSON value of any of {@code types}, e.g. ip_filter items: a string or an object. */
  static Prop anyOf(List<String> types) {
    return new Prop(List.copyOf(types), null, null, null, null, null, null, null, null, null, null, false, false, null,
        null);
  }

  Prop defaultTo(JsonNode value) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        value, createOnly, secret, required, title);
  }

  Prop defaultTo(long value) { return defaultTo(JSON.numberNode(value)); }

  Prop defaultTo(String value) { return defaultTo(JSON.textNode(value)); }

  Prop length(Integer min, Integer max) {
    return new Prop(types, enumValues, minimum, maximum, min, max, pattern, items, maxItems, properties,
        defaultValue, createOnly, secret, required, title);
  }

  Prop matching(String regex) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, regex, items, maxItems, properties,
        defaultValue, createOnly, secret, required, title);
  }

  Prop range(Number min, Number max) {
    return new Prop(types, enumValues, min, max, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, createOnly, secret, required, title);
  }

  Prop withEnum(List<String> values) {
    return new Prop(types, List.copyOf(values), minimum, maximum, minLength, maxLength, pattern, items, maxItems,
        properties, defaultValue, createOnly, secret, required, title);
  }

  Prop withItems(Prop itemSchema, Integer max) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, itemSchema, max, properties,
        defaultValue, createOnly, secret, required, title);
  }

  Prop withProperties(Map<String, Prop> props) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, props,
        defaultValue, createOnly, secret, required, title);
  }

  /** JSON schema {@code required}: keys an object value must have. */
  Prop requiring(String... keys) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, createOnly, secret, List.of(keys), title);
  }

  Prop titled(String text) {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, createOnly, secret, required, text);
  }

  /** JSON schema {@code "type": [t, "null"]}: the only properties a PUT may reset with null. */
  Prop nullable() {
    List<String> withNull = new ArrayList<>(types);
    withNull.add("null");
    return new Prop(List.copyOf(withNull), enumValues, minimum, maximum, minLength, maxLength, pattern, items,
        maxItems, properties, defaultValue, createOnly, secret, required, title);
  }

  Prop asCreateOnly() {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, true, secret, required, title);
  }

  Prop asSecret() {
    return new Prop(types, enumValues, minimum, maximum, minLength, maxLength, pattern, items, maxItems, properties,
        defaultValue, createOnly, true, required, title);
  }

  boolean allowsNull() { return types.contains("null"); }

  boolean isObject() { return types.contains("object"); }
}
