package dev.pgaudit.operator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns what on one service, derived only from the live policies (never from status, which can
 * be lost). Enforce policies are taken oldest first; a policy that wants a different value in a
 * slot an older policy already holds loses as a whole: nothing of it is written. Policies that want
 * the same value share the slot. DryRun policies own nothing but are told when they would conflict.
 */
public final class Ownership {

  /** Why a policy lost: the slot and the older policy holding it. */
  public record Conflict(PolicyRef winner, Slot slot, Object winnerValue, Object wantedValue) {
    public String message(PolicyRef loser) {
      return "conflicts with older policy " + winner + " on " + slot.target() + " " + slot.setting()
          + " (wants " + Values.render(wantedValue) + ", " + winner + " sets " + Values.render(winnerValue)
          + "); nothing of " + loser + " is applied until the conflict is resolved";
    }
  }

  private record Holding(Object value, List<PolicyRef> owners) {}

  private final Map<Slot, Holding> holdings = new LinkedHashMap<>();
  private final Map<PolicyRef, Conflict> conflicts = new HashMap<>();
  private final List<PolicyIntent> owners = new ArrayList<>();

  private Ownership() {}

  public static Ownership resolve(List<PolicyIntent> livePolicies) {
    Ownership ownership = new Ownership();
    List<PolicyIntent> oldestFirst = new ArrayList<>(livePolicies);
    oldestFirst.sort(Comparator.comparing(PolicyIntent::ref, PolicyRef.OLDEST_FIRST));
    for (PolicyIntent policy : oldestFirst) {
      if (policy.enforce()) ownership.admit(policy);
    }
    for (PolicyIntent policy : oldestFirst) {
      if (!policy.enforce()) ownership.firstConflict(policy).ifPresent(c -> ownership.conflicts.put(policy.ref(), c));
    }
    return ownership;
  }

  private void admit(PolicyIntent policy) {
    Optional<Conflict> conflict = firstConflict(policy);
    if (conflict.isPresent()) {
      conflicts.put(policy.ref(), conflict.get());
      return;
    }
    owners.add(policy);
    policy.wants().forEach((slot, value) ->
        holdings.computeIfAbsent(slot, s -> new Holding(value, new ArrayList<>())).owners().add(policy.ref()));
  }

  private Optional<Conflict> firstConflict(PolicyIntent policy) {
    for (var want : policy.wants().entrySet()) {
      Holding held = holdings.get(want.getKey());
      if (held != null && !Values.same(want.getKey(), held.value(), want.getValue())) {
        return Optional.of(new Conflict(held.owners().get(0), want.getKey(), held.value(), want.getValue()));
      }
    }
    return Optional.empty();
  }

  public Optional<Conflict> conflictOf(PolicyRef policy) {
    return Optional.ofNullable(conflicts.get(policy));
  }

  /** True when some admitted policy holds the slot. */
  public boolean isHeld(Slot slot) {
    return holdings.containsKey(slot);
  }

  /** The admitted policies holding the slot, oldest first; empty when none. */
  public List<PolicyRef> holders(Slot slot) {
    Holding held = holdings.get(slot);
    return held == null ? List.of() : List.copyOf(held.owners());
  }

  /** The Service-scope keys (user_config.pgaudit) the admitted policies hold, with the value they want. */
  public Map<Slot.AivenKey, Object> serviceKeys() {
    return serviceKeys(holder -> true);
  }

  /** The Service-scope keys held by at least one admitted policy that {@code holders} accepts. */
  public Map<Slot.AivenKey, Object> serviceKeys(java.util.function.Predicate<PolicyRef> holders) {
    Map<Slot.AivenKey, Object> keys = new LinkedHashMap<>();
    holdings.forEach((slot, held) -> {
      if (slot instanceof Slot.AivenKey key && held.owners().stream().anyMatch(holders)) keys.put(key, held.value());
    });
    return keys;
  }

  /** True when at least one Enforce policy is admitted, i.e. the feature flag must be on. */
  public boolean anyOwner() {
    return !owners.isEmpty();
  }
}
