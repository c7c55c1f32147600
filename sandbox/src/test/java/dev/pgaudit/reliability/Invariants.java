package dev.pgaudit.reliability;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.plan.Values;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.reliability.RealState.SettingKey;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must hold after every scenario, checked against the real state. Each method returns the
 * violations it found, one sentence each; the suite requires none.
 */
final class Invariants {
  private final OperatorTestEnv env;
  private final Fleet fleet;
  private final RealState real;
  private final SecretScan secrets;
  private final Map<String, Map<String, Object>> userConfigBaseline = new HashMap<>();
  private Map<SettingKey, String> settingsBaseline = Map.of();

  Invariants(OperatorTestEnv env, Fleet fleet, RealState real, SecretScan secrets) {
    this.env = env;
    this.fleet = fleet;
    this.real = real;
    this.secrets = secrets;
  }

  /** The state every later check compares with (taken once the seeded fleet has converged). */
  void takeBaseline() {
    for (String service : fleet.services) userConfigBaseline.put(service, real.userConfig(service));
    settingsBaseline = real.dbRoleSettings();
  }

  List<String> check(List<String> logLines) {
    List<PgAuditPolicy> policies = fleet.policies();
    Map<String, List<PolicyIntent>> enforced = enforcedByService(policies);
    Map<SettingKey, String> settings = real.dbRoleSettings();
    List<String> violations = new ArrayList<>();
    violations.addAll(userConfigOutsideManagedKeys(enforced));
    violations.addAll(settingsOutsideManagedSlots(enforced, settings));
    violations.addAll(oneIntegrationPerPairInUse(enforced));
    violations.addAll(conditionsTrueToRealState(policies, settings));
    violations.addAll(secrets.findIn(logLines, "log line"));
    List<String> events = new ArrayList<>();
    for (String ns : List.of(fleet.ns1, fleet.ns2)) {
      env.client.v1().events().inNamespace(ns).list().getItems()
          .forEach(e -> events.add(e.getReason() + ": " + e.getMessage()));
    }
    violations.addAll(secrets.findIn(events, "Kubernetes Event"));
    return violations;
  }

  private static Map<String, List<PolicyIntent>> enforcedByService(List<PgAuditPolicy> policies) {
    Map<String, List<PolicyIntent>> byService = new LinkedHashMap<>();
    for (PgAuditPolicy p : policies) {
      if (p.getSpec().getMode() == Mode.DryRun) continue;
      byService.computeIfAbsent(p.getSpec().getService().getServiceName(), s -> new ArrayList<>()).add(Intents.of(p));
    }
    return byService;
  }

  /** user_config keys outside pgaudit, and pgaudit keys no Enforce policy manages, are as they were. */
  private List<String> userConfigOutsideManagedKeys(Map<String, List<PolicyIntent>> enforced) {
    List<String> violations = new ArrayList<>();
    for (String service : fleet.services) {
      Map<String, Object> before = new HashMap<>(userConfigBaseline.get(service));
      Map<String, Object> now = new HashMap<>(real.userConfig(service));
      Map<String, Object> pgauditBefore = asMap(before.remove("pgaudit"));
      Map<String, Object> pgauditNow = asMap(now.remove("pgaudit"));
      if (!before.equals(now)) violations.add("user_config of " + service + " outside pgaudit changed: " + before + " -> " + now);
      Set<String> managed = new HashSet<>(Set.of("feature_enabled"));
      enforced.getOrDefault(service, List.of()).forEach(i -> i.wants().keySet().stream()
          .filter(s -> s instanceof Slot.AivenKey).forEach(s -> managed.add(((Slot.AivenKey) s).key())));
      for (String key : union(pgauditBefore.keySet(), pgauditNow.keySet())) {
        if (!managed.contains(key) && !Objects.equals(pgauditBefore.get(key), pgauditNow.get(key))) {
          violations.add("unmanaged key pgaudit." + key + " of " + service + " changed: "
              + pgauditBefore.get(key) + " -> " + pgauditNow.get(key));
        }
      }
    }
    return violations;
  }

  /** Non-pgaudit settings, and pgaudit settings of targets/parameters no Enforce policy manages, are as they were. */
  private List<String> settingsOutsideManagedSlots(Map<String, List<PolicyIntent>> enforced, Map<SettingKey, String> now) {
    Set<SettingKey> managed = new HashSet<>();
    enforced.values().forEach(list -> list.forEach(i -> i.wants().keySet().stream()
        .filter(s -> s instanceof Slot.Sql).map(s -> (Slot.Sql) s)
        .forEach(s -> managed.add(SettingKey.of(s.sqlTarget(), s.pgSetting())))));
    List<String> violations = new ArrayList<>();
    for (SettingKey key : union(settingsBaseline.keySet(), now.keySet())) {
      if (managed.contains(key)) continue;
      if (!Objects.equals(settingsBaseline.get(key), now.get(key))) {
        violations.add("unmanaged setting " + key + " changed: " + settingsBaseline.get(key) + " -> " + now.get(key));
      }
    }
    return violations;
  }

  /** Exactly one logs integration per (service, OpenSearch service) pair some Enforce policy uses; none for others. */
  private List<String> oneIntegrationPerPairInUse(Map<String, List<PolicyIntent>> enforced) {
    Set<String> inUse = new TreeSet<>();
    enforced.forEach((service, intents) -> intents.forEach(i -> i.wants().keySet().stream()
        .filter(s -> s instanceof Slot.LogsIntegration).map(s -> (Slot.LogsIntegration) s)
        .forEach(s -> inUse.add(service + " -> " + s.destProject() + "/" + s.destService()))));
    Map<String, Integer> actual = new HashMap<>();
    real.logsIntegrations().stream().filter(i -> fleet.services.contains(i.sourceService()))
        .forEach(i -> actual.merge(i.sourceService() + " -> "
            + (i.destProject() == null ? OperatorTestEnv.PROJECT : i.destProject()) + "/" + i.destService(), 1, Integer::sum));
    List<String> violations = new ArrayList<>();
    for (String pair : union(inUse, actual.keySet())) {
      int expected = inUse.contains(pair) ? 1 : 0;
      if (actual.getOrDefault(pair, 0) != expected) {
        violations.add("logs integrations " + pair + ": " + actual.getOrDefault(pair, 0) + " instead of " + expected);
      }
    }
    return violations;
  }

  /** Ready=True means the real values are the policy's; a DryRun's "matches"/"would change" is true too. */
  private List<String> conditionsTrueToRealState(List<PgAuditPolicy> policies, Map<SettingKey, String> settings) {
    List<String> violations = new ArrayList<>();
    for (PgAuditPolicy p : policies) {
      Condition ready = Fleet.readyCondition(p).orElse(null);
      if (ready == null || !"True".equals(ready.getStatus())) continue;
      String service = p.getSpec().getService().getServiceName();
      PolicyIntent intent = Intents.of(p);
      List<String> differing = new ArrayList<>();
      intent.wants().forEach((slot, wanted) -> {
        if (!Values.same(slot, wanted, real.valueOf(service, slot, settings))) differing.add(slot.target() + " " + slot.setting());
      });
      boolean flagOn = Boolean.TRUE.equals(real.pgaudit(service).get("feature_enabled"));
      if (intent.enforce()) {
        if (!flagOn) differing.add("service pgaudit.feature_enabled");
        if (!differing.isEmpty()) violations.add(p.key() + " says Ready but differs from the real state in " + differing);
        checkIntegrationId(p, service, intent).ifPresent(violations::add);
      } else {
        boolean saysMatches = ready.getMessage().contains("already matches");
        boolean matches = differing.isEmpty() && flagOn;
        if (saysMatches != matches) {
          violations.add(p.key() + " (DryRun) says \"" + ready.getMessage() + "\" but differs in " + differing);
        }
      }
    }
    return violations;
  }

  private java.util.Optional<String> checkIntegrationId(PgAuditPolicy p, String service, PolicyIntent intent) {
    return intent.wants().keySet().stream().filter(s -> s instanceof Slot.LogsIntegration).findFirst()
        .map(s -> real.integrationId(service, (Slot.LogsIntegration) s).orElse(null))
        .filter(id -> !id.equals(p.getStatus().getIntegrationId()))
        .map(id -> p.key() + " status.integrationId " + p.getStatus().getIntegrationId() + " is not the real " + id);
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
