package dev.pgaudit.reliability;

import dev.pgaudit.operator.plan.Planner;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.plan.Values;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.reliability.RealState.SettingKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the bad-input cases leave behind once every one was edited and deleted: database and role
 * settings not as they were before the corpus ran, pgaudit keys of the cases' services not at
 * Aiven's default (feature_enabled on included), logs integrations from those services. Each
 * finding is put down to the class of the case whose target or service it is on.
 */
final class BadInputLeftovers {
  private final OperatorTestEnv env;
  private final RealState real;
  private Map<SettingKey, String> before = Map.of();

  BadInputLeftovers(OperatorTestEnv env) {
    this.env = env;
    this.real = new RealState(env);
  }

  void takeBaseline() {
    before = real.dbRoleSettings();
  }

  /** The findings (one sentence each) and their count per class. */
  record Found(LeftBehind.Count count, Map<String, Long> byClass) {}

  Found check(List<BadInput> accepted) {
    Map<String, String> classOfTarget = new HashMap<>();
    Map<String, String> classOfService = new HashMap<>();
    for (BadInput input : accepted) {
      input.intended().forEach(i -> classOfTarget.putIfAbsent(target(i.target()), input.klass()));
      if (input.service() != null) classOfService.putIfAbsent(input.service(), input.klass());
    }
    Map<String, Long> byClass = new TreeMap<>();
    List<String> settings = new ArrayList<>();
    Map<SettingKey, String> now = real.dbRoleSettings();
    Set<SettingKey> keys = new TreeSet<>(before.keySet());
    keys.addAll(now.keySet());
    for (SettingKey key : keys) {
      if (Objects.equals(before.get(key), now.get(key))) continue;
      settings.add("setting " + key + " is " + now.get(key) + ", was " + before.get(key));
      byClass.merge(classOfTarget.getOrDefault(key.database() + "|" + key.role(), "(no case)"), 1L, Long::sum);
    }
    List<String> serviceKeys = new ArrayList<>();
    classOfService.forEach((service, klass) -> {
      Object pgaudit = real.userConfig(service).get("pgaudit");
      if (!(pgaudit instanceof Map<?, ?> map)) return;
      map.forEach((k, v) -> {
        Object normal = "feature_enabled".equals(k) ? Boolean.FALSE : Planner.AIVEN_DEFAULTS.get((String) k);
        if (normal == null || !Values.same(new Slot.AivenKey((String) k), normal, v)) {
          serviceKeys.add("pgaudit." + k + " of " + service + " is " + v);
          byClass.merge(klass, 1L, Long::sum);
        }
      });
    });
    List<String> integrations = new ArrayList<>();
    env.aiven.integrations(OperatorTestEnv.PROJECT).stream().filter(i -> classOfService.containsKey(i.sourceService()))
        .forEach(i -> {
          integrations.add("integration " + i.id() + " from " + i.sourceService() + " to " + i.destService() + " is left");
          byClass.merge(classOfService.get(i.sourceService()), 1L, Long::sum);
        });
    List<String> details = new ArrayList<>(settings);
    details.addAll(serviceKeys);
    details.addAll(integrations);
    return new Found(new LeftBehind.Count(settings.size(), serviceKeys.size(), integrations.size(), details), byClass);
  }

  /** A target as RealState's SettingKey spells database and role ("" when the row is not for one). */
  private static String target(SqlTarget t) {
    if (t instanceof SqlTarget.Database d) return d.database() + "|";
    if (t instanceof SqlTarget.Role r) return "|" + r.role();
    SqlTarget.RoleInDatabase rd = (SqlTarget.RoleInDatabase) t;
    return rd.database() + "|" + rd.role();
  }
}
