package dev.pgaudit.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.plan.Layer;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a policy's status from an outcome; writes nothing. lastTransitionTime moves only when a
 * condition's status changes, so an unchanged outcome yields an equal status and no write. Status
 * stays small whatever the policy's size: a real API server refuses an object over etcd's 1.5 MiB,
 * and then the status would stay stale. So the DryRun plan is summarised (the whole plan goes to
 * the log at DEBUG), condition messages are cut at {@link #MAX_MESSAGE} characters, and the status
 * JSON is kept under {@link #STATUS_BUDGET} bytes by showing fewer plan lines.
 */
final class StatusBuilder {
  private static final Logger log = LoggerFactory.getLogger(StatusBuilder.class);
  static final int MAX_MESSAGE = 2048;
  static final int STATUS_BUDGET = 192 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusBuilder() {}

  static PgAuditPolicyStatus build(PgAuditPolicy policy, Outcome outcome, Instant now) {
    long generation = policy.getMetadata().getGeneration() == null ? 0 : policy.getMetadata().getGeneration();
    List<Condition> previous = policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    PlanReport plan = outcome.dryRun() ? PlanReport.of(outcome.plan()) : null;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(ready(outcome, plan));
    for (Layer layer : Layer.values()) {
      LayerState state = outcome.layers().get(layer);
      if (state == null) state = LayerState.notApplicable(notApplicableMessage(layer));
      conditions.add(condition(Conditions.typeOf(layer), state));
    }
    conditions.add(condition(Conditions.EFFECTIVE, CoverageReporter.effective(outcome)));
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
    status.setTargets(SpecSummary.targets(policy.getSpec()));
    status.setLogSummary(SpecSummary.log(policy.getSpec()));
    status.setCoverage(CoverageReporter.status(outcome.coverage(), outcome.oldSessions()));
    if (plan != null) {
      fit(status, plan);
      logWholePlan(policy, plan);
    }
    return status;
  }

  /** Shows as many plan lines as fit in the budget (at most PlanReport.MAX_SHOWN). */
  private static void fit(PgAuditPolicyStatus status, PlanReport plan) {
    PlanReport shown = plan;
    status.setPlan(shown.shown());
    status.setPlanSummary(shown.summary());
    while (!shown.shown().isEmpty() && bytes(status) > STATUS_BUDGET) {
      shown = shown.showing(shown.shown().size() / 2);
      status.setPlan(shown.shown());
      status.setPlanSummary(shown.summary());
    }
  }

  static int bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status is plain data and always serialises", e);
    }
  }

  /** The whole plan, one DEBUG line per change, once per plan (its digest), not at every resync. */
  private static void logWholePlan(PgAuditPolicy policy, PlanReport plan) {
    if (!log.isDebugEnabled() || plan.all().isEmpty()) return;
    PgAuditPolicyStatus previous = policy.getStatus();
    if (previous != null && previous.getPlanSummary() != null
        && Objects.equals(previous.getPlanSummary().getDigest(), plan.summary().getDigest())) {
      return;
    }
    int n = plan.all().size();
    log.debug("{} DryRun plan: {} change(s), {}", policy.key(), n, plan.summary().getDigest());
    int i = 0;
    for (PlannedChange line : plan.all()) {
      log.debug("{} DryRun plan [{}/{}] {}", policy.key(), ++i, n, line);
    }
  }

  private static Condition ready(Outcome outcome, PlanReport plan) {
    if (outcome.conflict() != null) {
      return condition(Conditions.READY, LayerState.failed(Conditions.Reason.CONFLICT, outcome.conflict()));
    }
    LayerState problem = outcome.firstProblem();
    if (outcome.dryRun()) {
      // A DryRun that could not look (token, Secret, service, PostgreSQL) has no verdict to give.
      LayerState failure = outcome.firstFailure();
      if (failure != null) return condition(Conditions.READY, failure);
      int n = plan.all().size();
      String message = n == 0
          ? "DryRun: the real state already matches the policy; nothing was written"
          : plan.truncated()
              ? "DryRun: Enforce would make " + n + " changes (status.plan lists the first ones, status.planSummary"
                  + " counts them all); nothing was written"
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
    c.setMessage(cut(state.message()));
    return c;
  }

  /** A message cut at MAX_MESSAGE characters (never inside a surrogate pair), saying how much was left out. */
  static String cut(String message) {
    return cut(message, MAX_MESSAGE);
  }

  /** A text cut at {@code max} characters (never inside a surrogate pair), saying how much was left out. */
  static String cut(String message, int max) {
    if (message == null || message.length() <= max) return message;
    int end = max;
    if (Character.isHighSurrogate(message.charAt(end - 1))) end--;
    return message.substring(0, end) + "… (" + (message.length() - end) + " more characters)";
  }

  private static String notApplicableMessage(Layer layer) {
    return switch (layer) {
      case SERVICE -> "no service-level settings";
      case SQL -> "the policy has Service scope: no database or role settings";
      case SINK -> "no sink configured";
      case DASHBOARDS -> "spec.sink.opensearch.dashboards is not enabled";
    };
  }
}
