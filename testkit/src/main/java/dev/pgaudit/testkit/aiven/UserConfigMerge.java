package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * How Aiven applies a user_config PUT (reference §2.3): objects are merged key by key, arrays and
 * scalars replace, {@code null} removes a key (validation has already made sure null is allowed
 * there), and a secret sent back as {@code <redacted>} keeps the stored value.
 */
final class UserConfigMerge {
  static final String REDACTED = "<redacted>";

  private UserConfigMerge() {}

  /** Merges {@code patch} into {@code target} in place; {@code schema} may be null (free-form). */
  static void merge(ObjectNode target, JsonNode patch, Prop schema) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      Prop property = schema == null || schema.properties() == null ? null : schema.properties().get(key);
      JsonNode current = target.get(key);
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject() && current != null && current.isObject()) {
        merge((ObjectNode) current, value, property);
      } else if (property != null && property.secret() && value.isTextual() && REDACTED.equals(value.textValue())) {
        // the placeholder a GET returned: keep the stored secret
      } else {
        target.set(key, value.deepCopy());
      }
    }
  }
}
