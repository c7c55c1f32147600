package dev.pgaudit.reliability;

import dev.pgaudit.operator.plan.Planner;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.plan.Values;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.reliability.RealState.SettingKey;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is not back to its value from before the operator came, among everything no Enforce policy
 * manages now: database/role settings, service user_config keys (an absent pgaudit key reads as
 * Aiven's default, an absent feature_enabled as off), and logs integrations (a pair no policy uses
 * has exactly the integrations it had before, with their own settings). Edits release what a spec
 * stops asking for and deletes release the rest, so after every scenario this must be empty.
 */
final class LeftBehind {
  /** The findings by kind; {@code details} has one sentence each. */
  record Count(int settings, int serviceKeys, int integrations, List<String> details) {
    int total() {
      return settings + serviceKeys + integrations;
    }
  }

  private final RealState real;
  private final List<String> services;
  private final Map<String, Map<String, Object>> userConfigBefore = new HashMap<>();
  private Map<SettingKey, String> settingsBefore = Map.of();
  private Map<String, List<Map<String, Object>>> integrationsBefore = Map.of();

  LeftBehind(RealState real, List<String> services) {
    this.real = real;
    this.services = services;
  }

  /** Taken before the first policy exists: the values every release must bring back. */
  void takeBaseline() {
    for (String service : services) userConfigBefore.put(service, real.userConfig(service));
    settingsBefore = real.dbRoleSettings();
    integrationsBefore = integrationsByPair();
  }

  /** The pre-operator value of a stored setting, or null. */
  String settingBefore(SettingKey key) {
    return settingsBefore.get(key);
  }

  /** @param enforced the current Enforce policies' intents by service name (empty once all are deleted) */
  Count check(Map<String, List<PolicyIntent>> enforced, Map<SettingKey, String> settingsNow) {
    List<String> settings = settings(enforced, settingsNow);
    List<String> keys = serviceKeys(enforced);
    List<String> integrations = integrations(enforced);
    List<String> details = new ArrayList<>(settings);
    details.addAll(keys);
    details.addAll(integrations);
    return new Count(settings.size(), keys.size(), integrations.size(), details);
  }

  private List<String> settings(Map<String, List<PolicyIntent>> enforced, Map<SettingKey, String> now) {
    Set<SettingKey> managed = new HashSet<>();
    enforced.values().forEach(list -> list.forEach(i -> i.wants().keySet().stream()
        .filter(s -> s instanceof Slot.Sql).map(s -> (Slot.Sql) s)
        .forEach(s -> managed.add(SettingKey.of(s.sqlTarget(), s.pgSetting())))));
    List<String> left = new ArrayList<>();
    for (SettingKey key : union(settingsBefore.keySet(), now.keySet())) {
      if (!managed.contains(key) && !Objects.equals(settingsBefore.get(key), now.get(key))) {
        left.add("setting " + key + " is " + now.get(key) + ", was " + settingsBefore.get(key) + " before the operator");
      }
    }
    return left;
  }

  private List<String> serviceKeys(Map<String, List<PolicyIntent>> enforced) {
    List<String> left = new ArrayList<>();
    for (String service : services) {
      Map<String, Object> before = new HashMap<>(userConfigBefore.get(service));
      Map<String, Object> now = new HashMap<>(real.userConfig(service));
      Map<String, Object> pgauditBefore = asMap(before.remove("pgaudit"));
      Map<String, Object> pgauditNow = asMap(now.remove("pgaudit"));
      if (!before.equals(now)) left.add("user_config of " + service + " outside pgaudit: " + before + " -> " + now);
      List<PolicyIntent> policies = enforced.getOrDefault(service, List.of());
      Set<String> managed = new HashSet<>();
      if (!policies.isEmpty()) managed.add("feature_enabled");
      policies.forEach(i -> i.wants().keySet().stream().filter(s -> s instanceof Slot.AivenKey)
          .forEach(s -> managed.add(((Slot.AivenKey) s).key())));
      for (String key : union(pgauditBefore.keySet(), pgauditNow.keySet())) {
        if (managed.contains(key)) continue;
        Object was = effective(key, pgauditBefore);
        Object is = effective(key, pgauditNow);
        boolean same = was == null || is == null ? Objects.equals(was, is) : Values.same(new Slot.AivenKey(key), was, is);
        if (!same) left.add("pgaudit." + key + " of " + service + " is " + is + ", was " + was + " before the operator");
      }
    }
    return left;
  }

  private static Object effective(String key, Map<String, Object> pgaudit) {
    if (pgaudit.containsKey(key)) return pgaudit.get(key);
    return "feature_enabled".equals(key) ? Boolean.FALSE : Planner.AIVEN_DEFAULTS.get(key);
  }

  private List<String> integrations(Map<String, List<PolicyIntent>> enforced) {
    Set<String> inUse = new TreeSet<>();
    enforced.forEach((service, intents) -> intents.forEach(i -> i.wants().keySet().stream()
        .filter(s -> s instanceof Slot.LogsIntegration).map(s -> (Slot.LogsIntegration) s)
        .forEach(s -> inUse.add(pair(service, s.destProject(), s.destService())))));
    Map<String, List<Map<String, Object>>> now = integrationsByPair();
    List<String> left = new ArrayList<>();
    for (String pair : union(integrationsBefore.keySet(), now.keySet())) {
      List<Map<String, Object>> is = now.getOrDefault(pair, List.of());
      if (inUse.contains(pair)) {
        if (is.size() != 1) left.add("logs integrations " + pair + ": " + is.size() + " instead of 1");
        continue;
      }
      List<Map<String, Object>> was = integrationsBefore.getOrDefault(pair, List.of());
      if (!was.equals(is)) left.add("logs integrations " + pair + " no policy uses: " + is + ", were " + was + " before the operator");
    }
    return left;
  }

  /** The user_configs of the logs integrations from the fleet's services, by pair, in a stable order. */
  private Map<String, List<Map<String, Object>>> integrationsByPair() {
    Map<String, List<Map<String, Object>>> byPair = new TreeMap<>();
    for (IntegrationSnapshot i : real.logsIntegrations()) {
      if (!services.contains(i.sourceService())) continue;
      String destProject = i.destProject() == null ? OperatorTestEnv.PROJECT : i.destProject();
      byPair.computeIfAbsent(pair(i.sourceService(), destProject, i.destService()), p -> new ArrayList<>())
          .add(i.userConfig() == null ? Map.of() : new TreeMap<>(i.userConfig()));
    }
    byPair.values().forEach(list -> list.sort(Comparator.comparing(Object::toString)));
    return byPair;
  }

  private static String pair(String source, String destProject, String destService) {
    return source + " -> " + destProject + "/" + destService;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static <T extends Comparable<T>> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
