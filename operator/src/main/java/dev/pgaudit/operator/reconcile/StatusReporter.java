package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an outcome into status. lastTransitionTime moves only when a condition's status changes,
 * so an unchanged outcome yields an equal status and no write.
 */
final class StatusReporter {
  private StatusReporter() {}

  static PgAuditPolicyStatus report(PgAuditPolicy policy, Outcome outcome, Instant now) {
    long generation = policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    List<Condition> previous = policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready(outcome));
    for (Layer layer : Layer.values()) {
      LayerState state = outcome.layers().get(layer);
      if (state == null) state = LayerState.notApplicable(notApplicableMessage(layer));
      conditions.add(condition(layer.conditionType, state));
    }
    if (outcome.conflict() != null) {
      conditions.add(condition(Conditions.CONFLICT, LayerState.failed(Conditions.Reason.CONFLICT, outcome.conflict())
          .withStatus("True")));
    }
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (Condition c : conditions) {
      c.setObservedGeneration(generation);
      c.setLastTransitionTime(previous.stream()
          .filter(p -> p.getType().equals(c.getType()) && Objects.equals(p.getStatus(), c.getStatus()))
          .map(Condition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(timestamp));
    }
    PgAuditPolicyStatus status = new PgAuditPolicyStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    status.setService(outcome.service());
    status.setIntegrationId(outcome.integrationId());
    status.setPlan(outcome.dryRun() ? outcome.plan() : null);
    return status;
  }

  private static Condition ready(Outcome outcome) {
    if (outcome.conflict() != null) {
      return condition(Conditions.READY, LayerState.failed(Conditions.Reason.CONFLICT, outcome.conflict()));
    }
    LayerState problem = outcome.firstProblem();
    if (outcome.dryRun()) {
      // A DryRun that could not look (token, Secret, service, PostgreSQL) has no verdict to give.
      LayerState failure = outcome.firstFailure();
      if (failure != null) return condition(Conditions.READY, failure);
      int n = outcome.plan().size();
      String message = n == 0
          ? "DryRun: the real state already matches the policy; nothing was written"
          : "DryRun: Enforce would make " + n + (n == 1 ? " change" : " changes") + " (see status.plan); nothing was written";
      return condition(Conditions.READY, new LayerState("True", Conditions.Reason.DRY_RUN, message));
    }
    if (problem != null) {
      return condition(Conditions.READY, new LayerState("False", problem.reason(), problem.message()));
    }
    return condition(Conditions.READY, LayerState.ok("audit settings are applied and verified"));
  }

  private static Condition condition(String type, LayerState state) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(state.status());
    c.setReason(state.reason());
    c.setMessage(state.message());
    return c;
  }

  private static String notApplicableMessage(Layer layer) {
    return switch (layer) {
      case SERVICE -> "no service-level settings";
      case SQL -> "the policy has Service scope: no database or role settings";
      case SINK -> "no sink configured";
    };
  }
}
