package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure: the writes that release slots a policy recorded and no longer wants (all of them when it
 * is deleted). A released slot that a live policy holds, or that another policy's record still
 * covers, is left as it is. Otherwise it goes back to its prior value: the value recorded before
 * the operator first held it, else RESET (SQL) or Aiven's default (service keys); an adopted
 * integration gets its prior user_config back and stays, one the operator created is deleted.
 */
public final class Release {
  private Release() {}

  /**
   * @param featureOff true when no policy holds anything on the service afterwards: the feature flag
   *     then goes back to its prior value (off, unless it was on before the first policy came)
   */
  public static List<Change> changes(String policy, Collection<Slot> released, ServiceRecord record,
      Ownership live, Observed observed, boolean featureOff) {
    Map<String, Object> serviceKeys = new LinkedHashMap<>();
    Map<SqlTarget, Map<PgAuditSetting, String>> sqlSets = new LinkedHashMap<>();
    Map<SqlTarget, Set<PgAuditSetting>> sqlResets = new LinkedHashMap<>();
    List<Change> integrationChanges = new ArrayList<>();

    for (Slot slot : released) {
      if (live.isHeld(slot) || record.coveredByOthers(slot, policy)) continue;
      Object prior = record.priors().of(slot);
      Object current = observed.valueOf(slot);
      // Nothing there (reset by hand, or the database or role was dropped): nothing of ours to undo.
      if (current == null && !(slot instanceof Slot.LogsIntegration)) continue;
      if (slot instanceof Slot.AivenKey key) {
        Object restore = prior != null ? prior : Planner.AIVEN_DEFAULTS.get(key.key());
        if (restore != null && !Values.same(slot, restore, current)) {
          serviceKeys.put(key.key(), restore);
        }
      } else if (slot instanceof Slot.Sql sql) {
        if (prior != null && !Values.same(slot, prior, current)) {
          sqlSets.computeIfAbsent(sql.sqlTarget(), t -> new LinkedHashMap<>()).put(sql.pgSetting(), prior.toString());
        } else if (prior == null) {
          sqlResets.computeIfAbsent(sql.sqlTarget(), t -> new LinkedHashSet<>()).add(sql.pgSetting());
        }
      } else if (slot instanceof Slot.LogsIntegration logs) {
        var existing = observed.integration(logs);
        if (existing.isEmpty()) continue;
        if (prior == null) {
          integrationChanges.add(new Change.DeleteIntegration(logs, existing.get().id()));
        } else if (!Values.same(slot, prior, current)) {
          integrationChanges.add(new Change.UpdateIntegration(logs, existing.get().id(), Values.asMap(prior), Values.asMap(current)));
        }
      }
    }
    if (featureOff && observed.featureEnabled() && !record.priors().featureEnabled()) serviceKeys.put("feature_enabled", false);

    List<Change> changes = new ArrayList<>();
    if (!serviceKeys.isEmpty()) changes.add(new Change.SetServiceKeys(serviceKeys, before(serviceKeys, observed)));
    Set<SqlTarget> targets = new LinkedHashSet<>(sqlSets.keySet());
    targets.addAll(sqlResets.keySet());
    for (SqlTarget target : targets) {
      changes.add(new Change.SqlSettings(target, sqlSets.getOrDefault(target, Map.of()),
          sqlResets.getOrDefault(target, Set.of()), observed.sql() == null ? Map.of() : observed.sql().of(target)));
    }
    changes.addAll(integrationChanges);
    return changes;
  }

  /** One plan: a policy's own writes and its releases, with one service PUT carrying both. */
  public static Plan merge(Plan own, List<Change> releases) {
    List<Change> changes = new ArrayList<>();
    Change.SetServiceKeys put = null;
    for (Change c : own.changes()) {
      if (c instanceof Change.SetServiceKeys keys) put = keys; else changes.add(c);
    }
    for (Change c : releases) {
      if (c instanceof Change.SetServiceKeys keys) put = put == null ? keys : combine(put, keys); else changes.add(c);
    }
    if (put != null) changes.add(0, put);
    return new Plan(changes);
  }

  private static Change.SetServiceKeys combine(Change.SetServiceKeys a, Change.SetServiceKeys b) {
    Map<String, Object> keys = new LinkedHashMap<>(b.keys());
    keys.putAll(a.keys());
    Map<String, Object> before = new LinkedHashMap<>(b.before());
    before.putAll(a.before());
    return new Change.SetServiceKeys(keys, before);
  }

  private static Map<String, Object> before(Map<String, Object> keys, Observed observed) {
    Map<String, Object> before = new LinkedHashMap<>();
    keys.keySet().forEach(k -> before.put(k, observed.pgaudit().get(k)));
    return before;
  }
}
