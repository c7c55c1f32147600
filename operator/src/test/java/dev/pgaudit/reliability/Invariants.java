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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must hold after every scenario, checked against the real state. Each method returns the
 * violations it found, one sentence each; the suite requires none.
 */
final class Invariants {
  private final OperatorTestEnv env;
  private final Fleet fleet;
  private final RealState real;
  private final SecretScan secrets;
  final LeftBehind leftBehind;

  Invariants(OperatorTestEnv env, Fleet fleet, RealState real, SecretScan secrets) {
    this.env = env;
    this.fleet = fleet;
    this.real = real;
    this.secrets = secrets;
    this.leftBehind = new LeftBehind(real, fleet.services);
  }

  /** What one check found: the violations, and among them what was not released (by kind). */
  record Findings(List<String> violations, LeftBehind.Count left) {}

  /**
   * The state every later check compares with, taken on the seeded services before the first
   * policy exists: whatever no policy manages must be at these values (edits release what they
   * no longer ask for), and after the last delete everything must be.
   */
  void takeBaseline() {
    leftBehind.takeBaseline();
  }

  Findings check(List<String> logLines) {
    List<PgAuditPolicy> policies = fleet.policies();
    Map<String, List<PolicyIntent>> enforced = enforcedByService(policies);
    Map<SettingKey, String> settings = real.dbRoleSettings();
    LeftBehind.Count left = leftBehind.check(enforced, settings);
    List<String> violations = new ArrayList<>(left.details());
    violations.addAll(conditionsTrueToRealState(policies, settings));
    violations.addAll(secrets.findIn(logLines, "log line"));
    violations.addAll(secrets.findIn(events(), "Kubernetes Event"));
    return new Findings(violations, left);
  }

  /** After every policy is deleted: everything must be as before the operator; no secret in a log line or Event. */
  Findings checkAllDeleted(List<String> logLines) {
    LeftBehind.Count left = leftBehind.check(Map.of(), real.dbRoleSettings());
    List<String> violations = new ArrayList<>(left.details());
    violations.addAll(secrets.findIn(logLines, "log line"));
    violations.addAll(secrets.findIn(events(), "Kubernetes Event"));
    return new Findings(violations, left);
  }

  private List<String> events() {
    List<String> events = new ArrayList<>();
    for (String ns : List.of(fleet.ns1, fleet.ns2)) {
      env.client.v1().events().inNamespace(ns).list().getItems()
          .forEach(e -> events.add(e.getReason() + ": " + e.getMessage()));
    }
    return events;
  }

  private static Map<String, List<PolicyIntent>> enforcedByService(List<PgAuditPolicy> policies) {
    Map<String, List<PolicyIntent>> byService = new LinkedHashMap<>();
    for (PgAuditPolicy p : policies) {
      if (p.getSpec().getMode() == Mode.DryRun) continue;
      byService.computeIfAbsent(p.getSpec().getService().getServiceName(), s -> new ArrayList<>()).add(Intents.of(p));
    }
    return byService;
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
}
