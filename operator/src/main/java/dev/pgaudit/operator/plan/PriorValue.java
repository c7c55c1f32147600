package dev.pgaudit.operator.plan;

import java.util.Map;

/** The value worth keeping as a slot's prior: what is there now, unless it is unset or Aiven's default. */
final class PriorValue {
  private PriorValue() {}

  static Object of(Slot slot, Observed observed) {
    if (slot instanceof Slot.LogsIntegration logs) {
      return observed.integration(logs).map(i -> (Object) new java.util.LinkedHashMap<>(i.userConfig() == null ? Map.of() : i.userConfig()))
          .orElse(null);
    }
    Object now = observed.valueOf(slot);
    if (now == null) return null;
    if (slot instanceof Slot.AivenKey key) {
      Object def = Planner.AIVEN_DEFAULTS.get(key.key());
      if (def != null && Values.same(slot, def, now)) return null;
    }
    return now;
  }
}
