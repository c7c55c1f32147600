package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a user_config (as sent in a PUT or POST) against a {@link Prop} schema the way Python's
 * jsonschema does, and fails with Aiven's 400 wording:
 * {@code Invalid 'user_config': Invalid input for pgaudit.log_level: 'loud' is not one of [...]}.
 */
final class UserConfigValidator {
  private final boolean rejectUnknownKeys;
  private final String prefix;

  private UserConfigValidator(boolean rejectUnknownKeys, String prefix) {
    this.rejectUnknownKeys = rejectUnknownKeys;
    this.prefix = prefix;
  }

  /** For a user_config: messages start {@code Invalid 'user_config': }. */
  static UserConfigValidator forUserConfig(boolean rejectUnknownKeys) {
    return new UserConfigValidator(rejectUnknownKeys, "Invalid 'user_config': ");
  }

  /** For a request body's top-level fields: unknown fields are always rejected. */
  static UserConfigValidator forRequestBody() {
    return new UserConfigValidator(true, "");
  }

  void validate(JsonNode value, Prop schema) {
    check(value, schema, "");
  }

  private void check(JsonNode value, Prop schema, String path) {
    // A secret sent back as the placeholder a GET showed keeps the stored value (see UserConfigMerge).
    if (schema.secret() && value != null && UserConfigMerge.REDACTED.equals(value.textValue())) return;
    if (value == null || value.isNull()) {
      if (!schema.allowsNull()) fail(path, "None is not of type " + typeList(schema));
      return;
    }
    if (schema.types().stream().noneMatch(type -> hasType(value, type))) {
      fail(path, PyRepr.of(value) + " is not of type " + typeList(schema));
    }
    if (schema.enumValues() != null && !(value.isTextual() && schema.enumValues().contains(value.textValue()))) {
      fail(path, PyRepr.of(value) + " is not one of " + PyRepr.list(schema.enumValues()));
    }
    if (value.isNumber()) checkRange(value, schema, path);
    if (value.isTextual()) checkText(value, schema, path);
    if (value.isArray()) checkArray(value, schema, path);
    if (value.isObject() && schema.properties() != null) checkObject(value, schema, path);
  }

  private void checkRange(JsonNode value, Prop schema, String path) {
    BigDecimal number = value.decimalValue();
    if (schema.minimum() != null && number.compareTo(new BigDecimal(schema.minimum().toString())) < 0) {
      fail(path, value.asText() + " is less than the minimum of " + schema.minimum());
    }
    if (schema.maximum() != null && number.compareTo(new BigDecimal(schema.maximum().toString())) > 0) {
      fail(path, value.asText() + " is greater than the maximum of " + schema.maximum());
    }
  }

  private void checkText(JsonNode value, Prop schema, String path) {
    int length = value.textValue().codePointCount(0, value.textValue().length());
    if (schema.minLength() != null && length < schema.minLength()) fail(path, PyRepr.of(value) + " is too short");
    if (schema.maxLength() != null && length > schema.maxLength()) fail(path, PyRepr.of(value) + " is too long");
    if (schema.pattern() != null && !Pattern.compile(schema.pattern()).matcher(value.textValue()).find()) {
      fail(path, PyRepr.of(value) + " does not match " + PyRepr.quote(schema.pattern()));
    }
  }

  private void checkArray(JsonNode value, Prop schema, String path) {
    if (schema.maxItems() != null && value.size() > schema.maxItems()) fail(path, PyRepr.of(value) + " is too long");
    if (schema.items() != null) {
      for (JsonNode item : value) check(item, schema.items(), path);
    }
  }

  private void checkObject(JsonNode value, Prop schema, String path) {
    if (schema.required() != null) {
      for (String key : schema.required()) {
        if (!value.has(key)) fail(path, PyRepr.quote(key) + " is a required property");
      }
    }
    List<String> unexpected = new ArrayList<>();
    value.fieldNames().forEachRemaining(name -> {
      if (!schema.properties().containsKey(name)) unexpected.add(name);
    });
    if (rejectUnknownKeys && !unexpected.isEmpty()) {
      List<String> quoted = unexpected.stream().map(PyRepr::quote).toList();
      fail(path, "Additional properties are not allowed (" + String.join(", ", quoted)
          + (unexpected.size() == 1 ? " was" : " were") + " unexpected)");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Prop property = schema.properties().get(field.getKey());
      if (property != null) check(field.getValue(), property, path.isEmpty() ? field.getKey() : path + "." + field.getKey());
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "boolean" -> value.isBoolean();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "string" -> value.isTextual();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      case "null" -> value.isNull();
      default -> false;
    };
  }

  private static String typeList(Prop schema) {
    return String.join(", ", schema.types().stream().map(PyRepr::quote).toList());
  }

  private void fail(String path, String detail) {
    throw ApiError.badRequest(prefix + (path.isEmpty() ? "Invalid input: " : "Invalid input for " + path + ": ") + detail);
  }
}
