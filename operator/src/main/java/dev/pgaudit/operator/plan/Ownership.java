package dev.pgaudit.operator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Who owns what on one service, derived only from the live policies (never from status, which can
 * be lost). Enforce policies are taken by their namespace's rank (the tenancy rule set's; higher
 * first), then oldest first; a policy that wants a different value in a slot an earlier policy
 * already holds loses as a whole: nothing of it is written. Policies that want the same value share
 * the slot. DryRun policies own nothing but are told when they would conflict.
 *
 * <p>Across namespaces of equal rank age does not decide: otherwise a team could block another by
 * creating a conflicting policy first. Both policies lose, each told which policy it conflicts
 * with. What either wrote before stays in place (a loser releases nothing), so a conflict can
 * freeze a policy but never switch off auditing that is in force; the platform team settles it by
 * ranking the namespaces.
 */
public final class Ownership {

  /** How a conflict was decided. */
  public enum Kind { OLDER, HIGHER_RANK, CROSS_NAMESPACE_TIE }

  /** Why a policy lost: the slot and the policy holding it (for a tie: the other policy of the pair). */
  public record Conflict(PolicyRef winner, Slot slot, Object winnerValue, Object wantedValue, Kind kind) {
    public Conflict(PolicyRef winner, Slot slot, Object winnerValue, Object wantedValue) {
      this(winner, slot, winnerValue, wantedValue, Kind.OLDER);
    }

    public String message(PolicyRef loser) {
      String other = switch (kind) {
        case OLDER -> "older policy ";
        case HIGHER_RANK -> "policy of a higher-ranked namespace ";
        case CROSS_NAMESPACE_TIE -> "policy ";
      };
      String values = " (wants " + Values.render(wantedValue) + ", " + winner + " " + (kind == Kind.CROSS_NAMESPACE_TIE
          ? "wants " : "sets ") + Values.render(winnerValue) + ")";
      if (kind == Kind.CROSS_NAMESPACE_TIE) {
        return "conflicts with " + other + winner + " of another namespace with the same tenancy rank on " + slot.target()
            + " " + slot.setting() + values + "; across namespaces neither is applied (what each wrote before stays)"
            + " until the conflict is resolved or the platform team ranks the namespaces (tenancy.namespaces[].rank)";
      }
      return "conflicts with " + other + winner + " on " + slot.target() + " " + slot.setting() + values
          + "; nothing of " + loser + " is applied until the conflict is resolved";
    }
  }

  private record Holding(Object value, List<PolicyRef> owners) {}

  private final Map<Slot, Holding> holdings = new LinkedHashMap<>();
  private final Map<PolicyRef, Conflict> conflicts = new HashMap<>();
  private final List<PolicyIntent> owners = new ArrayList<>();

  private Ownership() {}

  /** Every namespace of the same rank: age decides within a namespace, a tie blocks across. */
  public static Ownership resolve(List<PolicyIntent> livePolicies) {
    return resolve(livePolicies, namespace -> 0);
  }

  /** @param rankOf a namespace's rank in the tenancy rule set */
  public static Ownership resolve(List<PolicyIntent> livePolicies, ToIntFunction<String> rankOf) {
    List<PolicyIntent> order = new ArrayList<>(livePolicies);
    order.sort(Comparator.<PolicyIntent>comparingInt(p -> -rankOf.applyAsInt(p.ref().namespace()))
        .thenComparing(PolicyIntent::ref, PolicyRef.OLDEST_FIRST));
    // A tie across namespaces takes the winner out too; admitting again without it may reveal the next tie.
    Map<PolicyRef, Conflict> blocked = new HashMap<>();
    while (true) {
      Ownership ownership = new Ownership();
      for (PolicyIntent policy : order) {
        if (!policy.enforce()) continue;
        Conflict tie = blocked.get(policy.ref());
        if (tie != null) ownership.conflicts.put(policy.ref(), tie); else ownership.admit(policy, rankOf);
      }
      Map<PolicyRef, Conflict> ties = new HashMap<>();
      ownership.conflicts.forEach((loser, c) -> {
        if (c.kind() == Kind.CROSS_NAMESPACE_TIE && !blocked.containsKey(c.winner())) {
          ties.put(loser, c);
          ties.putIfAbsent(c.winner(), new Conflict(loser, c.slot(), c.wantedValue(), c.winnerValue(), Kind.CROSS_NAMESPACE_TIE));
        }
      });
      if (ties.isEmpty()) {
        for (PolicyIntent policy : order) {
          if (!policy.enforce()) ownership.firstConflict(policy, rankOf).ifPresent(c -> ownership.conflicts.put(policy.ref(), c));
        }
        return ownership;
      }
      blocked.putAll(ties);
    }
  }

  private void admit(PolicyIntent policy, ToIntFunction<String> rankOf) {
    Optional<Conflict> conflict = firstConflict(policy, rankOf);
    if (conflict.isPresent()) {
      conflicts.put(policy.ref(), conflict.get());
      return;
    }
    owners.add(policy);
    policy.wants().forEach((slot, value) ->
        holdings.computeIfAbsent(slot, s -> new Holding(value, new ArrayList<>())).owners().add(policy.ref()));
  }

  private Optional<Conflict> firstConflict(PolicyIntent policy, ToIntFunction<String> rankOf) {
    for (var want : policy.wants().entrySet()) {
      Holding held = holdings.get(want.getKey());
      if (held != null && !Values.same(want.getKey(), held.value(), want.getValue())) {
        PolicyRef holder = held.owners().get(0);
        return Optional.of(new Conflict(holder, want.getKey(), held.value(), want.getValue(), kind(holder, policy.ref(), rankOf)));
      }
    }
    return Optional.empty();
  }

  private static Kind kind(PolicyRef holder, PolicyRef loser, ToIntFunction<String> rankOf) {
    if (holder.namespace().equals(loser.namespace())) return Kind.OLDER;
    return rankOf.applyAsInt(holder.namespace()) > rankOf.applyAsInt(loser.namespace()) ? Kind.HIGHER_RANK : Kind.CROSS_NAMESPACE_TIE;
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
