package dev.pgaudit.operator.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What was on a service before the operator first held each slot, shared by all policies on the
 * service. Only values that were there are kept (a slot that was unset, or an Aiven key at its
 * default, has no entry: releasing it means RESET / the default), so the record stays small.
 * {@code featureEnabled}: pgaudit was already enabled (e.g. in the Aiven Console) when the first
 * policy came; the flag then stays on when the last one goes. An integration's prior value is
 * the user_config it had when a policy adopted it; an integration without one was created by
 * the operator and is deleted on release.
 */
public record Priors(Map<Slot, Object> values, boolean featureEnabled) {
  public static final Priors NONE = new Priors(Map.of(), false);

  public Priors {
    values = Map.copyOf(values);
  }

  public Object of(Slot slot) {
    return values.get(slot);
  }

  Priors with(Slot slot, Object value) {
    Map<Slot, Object> copy = new LinkedHashMap<>(values);
    copy.put(slot, value);
    return new Priors(copy, featureEnabled);
  }
}
