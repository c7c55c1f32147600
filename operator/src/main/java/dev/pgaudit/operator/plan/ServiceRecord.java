package dev.pgaudit.operator.plan;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The applied state of one service: what each policy (by namespace/name) wrote or holds there, and
 * the values that were there before the operator first held each slot. Pure; stored by the
 * reconciler. {@code unreadable}: policies whose record could not be read (treated as lost).
 */
public record ServiceRecord(ServiceKey service, Map<String, AppliedRecord> byPolicy, Priors priors, Set<String> unreadable) {

  public ServiceRecord {
    byPolicy = Map.copyOf(byPolicy);
    unreadable = Set.copyOf(unreadable);
  }

  public static ServiceRecord empty(ServiceKey service) {
    return new ServiceRecord(service, Map.of(), Priors.NONE, Set.of());
  }

  public AppliedRecord of(String policy) {
    return byPolicy.getOrDefault(policy, AppliedRecord.EMPTY);
  }

  public boolean has(String policy) {
    return byPolicy.containsKey(policy);
  }

  /** True when nothing is recorded: no policy holds anything here. */
  public boolean isEmpty() {
    return byPolicy.isEmpty();
  }

  public boolean covered(Slot slot) {
    return byPolicy.values().stream().anyMatch(r -> r.covers(slot));
  }

  /** True when a policy other than {@code policy} recorded the slot (it wrote it and did not release it yet). */
  public boolean coveredByOthers(Slot slot, String policy) {
    return byPolicy.entrySet().stream().anyMatch(e -> !e.getKey().equals(policy) && e.getValue().covers(slot));
  }

  /** True when a policy other than {@code policy} has a record here. */
  public boolean othersHold(String policy) {
    return byPolicy.keySet().stream().anyMatch(k -> !k.equals(policy));
  }

  /**
   * The write-ahead step before a policy writes: its record grows by {@code wanted}, and for each
   * slot no record covered yet, the value there now is kept as its prior (when there is one).
   * {@code recordPriors} false when the policy's earlier record was lost: what is there now may be
   * the operator's own earlier write, so it must not pass for a prior (release then falls back to
   * the defaults, as without a record).
   */
  public ServiceRecord hold(String policy, AppliedRecord wanted, Observed observed, boolean recordPriors) {
    Priors p = priors;
    if (byPolicy.isEmpty() && recordPriors && observed.featureEnabled()) p = new Priors(p.values(), true);
    if (recordPriors) {
      for (Slot slot : wanted.slots()) {
        if (covered(slot) || p.values().containsKey(slot)) continue;
        Object now = PriorValue.of(slot, observed);
        if (now != null) p = p.with(slot, now);
      }
    }
    return withPolicy(policy, of(policy).union(wanted)).withPriors(p);
  }

  /** The policy's record replaced (an empty record removes the policy). */
  public ServiceRecord withPolicy(String policy, AppliedRecord record) {
    Map<String, AppliedRecord> copy = new LinkedHashMap<>(byPolicy);
    if (record.isEmpty()) copy.remove(policy); else copy.put(policy, record);
    Set<String> stillUnreadable = new LinkedHashSet<>(unreadable);
    stillUnreadable.remove(policy);
    return new ServiceRecord(service, copy, priors, stillUnreadable);
  }

  public ServiceRecord withPriors(Priors newPriors) {
    return new ServiceRecord(service, byPolicy, newPriors, unreadable);
  }

  /**
   * Slots a policy releases that live policies still hold pass to those holders' records (with their
   * priors kept), so the prior survives until the last holder releases the slot.
   */
  public ServiceRecord handOver(Collection<Slot> released, Function<Slot, List<String>> holders) {
    Map<String, Set<Slot>> given = new LinkedHashMap<>();
    for (Slot slot : released) {
      for (String holder : holders.apply(slot)) {
        if (!of(holder).covers(slot)) given.computeIfAbsent(holder, h -> new LinkedHashSet<>()).add(slot);
      }
    }
    ServiceRecord result = this;
    for (var e : given.entrySet()) {
      result = result.withPolicy(e.getKey(), result.of(e.getKey()).union(AppliedRecord.ofSlots(e.getValue())));
    }
    return result;
  }

  /** Forgets the priors of slots no record covers any more (they were restored, or orphaned). */
  public ServiceRecord collect() {
    Map<Slot, Object> kept = new LinkedHashMap<>();
    priors.values().forEach((slot, value) -> {
      if (covered(slot)) kept.put(slot, value);
    });
    return withPriors(new Priors(kept, !byPolicy.isEmpty() && priors.featureEnabled()));
  }
}
