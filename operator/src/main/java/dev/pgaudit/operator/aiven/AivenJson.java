package dev.pgaudit.operator.aiven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one ObjectMapper that reads Aiven's answers into {@link AivenWire} records and writes
 * request bodies, and the value rules shared by those records: plain unmodifiable Java values,
 * secret user_config values masked.
 */
final class AivenJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String REDACTED = "<redacted>";
  private static final Pattern SECRET_KEY = Pattern.compile("password|secret|private_key", Pattern.CASE_INSENSITIVE);

  private AivenJson() {}

  /** An answer body bound to {@code type}; an empty body reads as {}. */
  static <T> T read(String body, Class<T> type) throws JsonProcessingException {
    return MAPPER.readValue(body == null || body.isBlank() ? "{}" : body, type);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise request body: " + e.getOriginalMessage(), e);
    }
  }

  /** Signals that include_secrets=true still gave redacted values. */
  static final class RedactedSecretsException extends RuntimeException {
    RedactedSecretsException() {
      super("service_uri_params.password is redacted", null, false, false);
    }
  }

  /**
   * include_secrets=true also reveals secret user_config fields (admin_password, migration
   * passwords); the operator never needs them, so they are masked before they can reach a log.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutSecrets(Map<String, Object> config) {
    Map<String, Object> masked = new LinkedHashMap<>();
    config.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested) {
        masked.put(key, withoutSecrets((Map<String, Object>) nested));
      } else if (value != null && SECRET_KEY.matcher(key).find()) {
        masked.put(key, REDACTED);
      } else {
        masked.put(key, value);
      }
    });
    return Collections.unmodifiableMap(masked);
  }

  /**
   * A bound JSON object with every nested map and list made unmodifiable (values stay Boolean,
   * Integer/Long/BigInteger, Double, String or null, as Jackson binds them).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> immutable(Map<String, Object> object) {
    return (Map<String, Object>) immutableValue(object);
  }

  private static Object immutableValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put((String) key, immutableValue(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(immutableValue(item)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
