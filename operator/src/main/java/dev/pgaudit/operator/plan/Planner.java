package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** Pure: compares what a policy wants with what is there, and lists only the writes that differ. */
public final class Planner {
  private Planner() {}

  /**
   * Aiven's schema defaults for user_config.pgaudit, from {@link AuditSettingTable}: no key accepts
   * null, so "unset" means writing the default back. {@code role} has no default and cannot be
   * removed through the API.
   */
  public static final Map<String, Object> AIVEN_DEFAULTS = Map.copyOf(AuditSettingTable.aivenDefaults());

  /** The writes that make the service carry everything the policy wants, feature flag included. */
  public static Plan enforce(PolicyIntent policy, Observed observed) {
    return enforce(policy, observed, Map::of);
  }

  /** {@link #enforce(PolicyIntent, Observed, Supplier)} with the keys to carry already known. */
  public static Plan enforce(PolicyIntent policy, Observed observed, Map<Slot.AivenKey, Object> alsoCarry) {
    return enforce(policy, observed, () -> alsoCarry);
  }

  /**
   * The writes that make the service carry everything the policy wants, in one pass; when they
   * write the service config anyway, the same PUT also carries {@code alsoCarry}, the Service-scope
   * keys other owners of the service hold (with the same token: see the reconciler), where they
   * differ: a service whose policies reconcile one after another converges in one PUT, not one per
   * policy. Never adds a PUT of its own; {@code alsoCarry} is asked only when there is one.
   */
  public static Plan enforce(PolicyIntent policy, Observed observed, Supplier<Map<Slot.AivenKey, Object>> alsoCarry) {
    Map<String, Object> serviceKeys = new LinkedHashMap<>();
    if (!observed.featureEnabled()) serviceKeys.put("feature_enabled", true);
    Map<SqlTarget, Map<PgAuditSetting, String>> sqlSets = new LinkedHashMap<>();
    List<Change> integrationChanges = new ArrayList<>();

    policy.wants().forEach((slot, wanted) -> {
      Object current = observed.valueOf(slot);
      if (slot instanceof Slot.LogsIntegration logs) {
        var existing = observed.integration(logs);
        if (existing.isEmpty()) {
          integrationChanges.add(new Change.CreateIntegration(logs, Values.asMap(wanted)));
        } else if (!Values.same(slot, wanted, current)) {
          integrationChanges.add(new Change.UpdateIntegration(logs, existing.get().id(), Values.asMap(wanted), Values.asMap(current)));
        }
      } else if (Values.same(slot, wanted, current)) {
        return;
      } else if (slot instanceof Slot.AivenKey key) {
        serviceKeys.put(key.key(), wanted);
      } else if (slot instanceof Slot.Sql sql) {
        sqlSets.computeIfAbsent(sql.sqlTarget(), t -> new LinkedHashMap<>()).put(sql.pgSetting(), (String) wanted);
      }
    });

    List<Change> changes = new ArrayList<>();
    if (!serviceKeys.isEmpty()) {
      alsoCarry.get().forEach((slot, wanted) -> {
        if (!serviceKeys.containsKey(slot.key()) && !Values.same(slot, wanted, observed.valueOf(slot))) {
          serviceKeys.put(slot.key(), wanted);
        }
      });
      changes.add(new Change.SetServiceKeys(serviceKeys, before(serviceKeys, observed)));
    }
    sqlSets.forEach((target, set) -> changes.add(new Change.SqlSettings(target, set, Set.of(), observed.sql().of(target))));
    changes.addAll(integrationChanges);
    return new Plan(changes);
  }

  /**
   * The writes that undo a deleted policy: only slots no other live policy holds go back to their
   * defaults (service keys), are RESET (SQL) or deleted (integration); the feature flag goes off
   * when no live policy targets the service any more.
   */
  public static Plan cleanup(PolicyIntent policy, Ownership others, Observed observed) {
    Map<String, Object> serviceKeys = new LinkedHashMap<>();
    Map<SqlTarget, Set<PgAuditSetting>> sqlResets = new LinkedHashMap<>();
    List<Change> integrationChanges = new ArrayList<>();

    for (Slot slot : policy.wants().keySet()) {
      if (others.isHeld(slot)) continue;
      Object current = observed.valueOf(slot);
      if (slot instanceof Slot.AivenKey key) {
        defaultOf(key.key())
            .filter(def -> current != null && !Values.same(slot, def, current))
            .ifPresent(def -> serviceKeys.put(key.key(), def));
      } else if (slot instanceof Slot.Sql sql) {
        if (current != null) sqlResets.computeIfAbsent(sql.sqlTarget(), t -> new LinkedHashSet<>()).add(sql.pgSetting());
      } else if (slot instanceof Slot.LogsIntegration logs) {
        observed.integration(logs).ifPresent(i -> integrationChanges.add(new Change.DeleteIntegration(logs, i.id())));
      }
    }
    if (!others.anyOwner() && observed.featureEnabled()) serviceKeys.put("feature_enabled", false);

    List<Change> changes = new ArrayList<>();
    if (!serviceKeys.isEmpty()) changes.add(new Change.SetServiceKeys(serviceKeys, before(serviceKeys, observed)));
    sqlResets.forEach((target, reset) -> changes.add(new Change.SqlSettings(target, Map.of(), reset, observed.sql().of(target))));
    changes.addAll(integrationChanges);
    return new Plan(changes);
  }

  private static Optional<Object> defaultOf(String key) {
    return Optional.ofNullable(AIVEN_DEFAULTS.get(key));
  }

  private static Map<String, Object> before(Map<String, Object> keys, Observed observed) {
    Map<String, Object> before = new LinkedHashMap<>();
    keys.keySet().forEach(k -> before.put(k, observed.pgaudit().get(k)));
    return before;
  }
}
