package dev.pgaudit.reliability;

import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** What a scenario works with: the environment, the fleet, and waits phrased in terms of policies. */
final class FaultLab {
  static final Duration FAULT_TIMEOUT = Duration.ofSeconds(30);

  final OperatorTestEnv env;
  final Fleet fleet;
  private final ScenarioEdits.Edit edit;

  FaultLab(OperatorTestEnv env, Fleet fleet, ScenarioEdits.Edit edit) {
    this.env = env;
    this.fleet = fleet;
    this.edit = edit;
  }

  /** Makes every policy re-apply (its knob), the edited one with the scenario's edit, while the fault lasts. */
  void changeAll() {
    fleet.bumpAll(edit);
  }

  /** Waits until every policy matching {@code which} reports Ready=False with {@code reason} at its current generation. */
  void awaitFailing(Predicate<PgAuditPolicy> which, String reason) {
    try {
      await("policies to report " + reason).atMost(FAULT_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
        List<PgAuditPolicy> affected = fleet.policies().stream().filter(which).toList();
        return !affected.isEmpty() && affected.stream().allMatch(p -> failingWith(p, reason));
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Say which policies kept claiming something else while the fault lasted.
      List<String> others = fleet.policies().stream().filter(which).filter(p -> !failingWith(p, reason))
          .map(p -> p.key() + " " + Fleet.readyCondition(p).map(c -> c.getStatus() + "/" + c.getReason() + ": "
              + c.getMessage()).orElse("no Ready")).toList();
      throw new AssertionError("while the fault lasted, these policies did not report Ready=False " + reason + ": " + others, e);
    }
  }

  /** Waits until the simulator has answered every injected fault. */
  void awaitAivenFaultsUsed() {
    await("injected Aiven faults to be used up").atMost(FAULT_TIMEOUT).pollInterval(Duration.ofMillis(50))
        .until(() -> env.aiven.faults().pending() == 0);
  }

  static boolean failingWith(PgAuditPolicy p, String reason) {
    Condition ready = Fleet.readyCondition(p).orElse(null);
    return ready != null && "False".equals(ready.getStatus()) && reason.equals(ready.getReason())
        && p.getMetadata().getGeneration().equals(ready.getObservedGeneration());
  }

  static boolean sqlScope(PgAuditPolicy p) {
    return p.getSpec().getScope().getLevel() != ScopeLevel.Service;
  }

  static Predicate<PgAuditPolicy> onService(String service) {
    return p -> service.equals(p.getSpec().getService().getServiceName());
  }

  static Predicate<PgAuditPolicy> named(String... names) {
    List<String> list = List.of(names);
    return p -> list.contains(p.getMetadata().getName());
  }
}
