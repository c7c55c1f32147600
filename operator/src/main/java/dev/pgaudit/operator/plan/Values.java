package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.SettingValues;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Equality by meaning for every kind of slot value, and a short rendering for humans. */
public final class Values {
  private Values() {}

  /** True when {@code observed} (null = not set) already means {@code desired}. */
  public static boolean same(Slot slot, Object desired, Object observed) {
    if (desired == null || observed == null) return desired == observed;
    if (slot instanceof Slot.Sql sql) {
      return SettingValues.sameMeaning(sql.pgSetting(), desired.toString(), observed.toString());
    }
    if (slot instanceof Slot.LogsIntegration) return sameUserConfig(asMap(desired), asMap(observed));
    return sameJson(desired, observed);
  }

  /**
   * JSON values as Aiven returns them: lists compare as case-insensitive sets (pgaudit.log is a
   * set of classes, selected_log_fields a set of fields), numbers numerically, strings exactly
   * except enum-like values compared case-insensitively.
   */
  static boolean sameJson(Object desired, Object observed) {
    if (desired instanceof Collection<?> a && observed instanceof Collection<?> b) {
      return lowerSet(a).equals(lowerSet(b));
    }
    if (desired instanceof Number a && observed instanceof Number b) {
      return a.longValue() == b.longValue();
    }
    if (desired instanceof String a && observed instanceof String b) {
      return a.equalsIgnoreCase(b);
    }
    return Objects.equals(desired, observed);
  }

  /** Only the keys the policy sets count: Aiven may fill in defaults for the others. */
  static boolean sameUserConfig(Map<String, Object> desired, Map<String, Object> observed) {
    return desired.entrySet().stream()
        .allMatch(e -> observed.containsKey(e.getKey()) && sameJson(e.getValue(), observed.get(e.getKey())));
  }

  /** Compact text for status.plan and events: lists as "a, b", maps as k=v pairs, null as "(unset)". */
  public static String render(Object value) {
    if (value == null) return "(unset)";
    if (value instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Map<?, ?> m) {
      return m.entrySet().stream().map(e -> e.getKey() + "=" + render(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }
    return String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Set<String> lowerSet(Collection<?> values) {
    Set<String> set = new HashSet<>();
    for (Object v : values) set.add(String.valueOf(v).toLowerCase(Locale.ROOT));
    return set;
  }
}
