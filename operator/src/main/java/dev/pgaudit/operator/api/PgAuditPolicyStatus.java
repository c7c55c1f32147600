package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PgAuditPolicyStatus {
  @JsonPropertyDescription("The metadata.generation the status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready, ServiceConfigured, SqlSettingsApplied, SinkIntegrated, DashboardsReady, Effective, Conflict.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("What the operator last saw of the Aiven service.")
  private ServiceInfo service;

  @JsonPropertyDescription("ID of the Aiven logs integration this policy uses.")
  private String integrationId;

  @JsonPropertyDescription("DryRun: the changes Enforce would make (the first ones when there are many; see planSummary).")
  private List<PlannedChange> plan;

  @JsonPropertyDescription("DryRun: how many changes in all, per layer, whether plan is truncated, and a digest of the whole plan.")
  private PlanSummary planSummary;

  @JsonPropertyDescription("The policy's targets in short, e.g. db \"orders\" +2 or 3 roles in 2 dbs (for kubectl get).")
  private String targets;

  @JsonPropertyDescription("spec.log as one string, e.g. ddl,role,write (for kubectl get).")
  private String logSummary;

  @JsonPropertyDescription("Effective coverage: how the (database, login role) pairs the policy covers are really audited"
      + " (see the Effective condition), and sessions still running with settings from before the last write.")
  private CoverageStatus coverage;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public ServiceInfo getService() { return service; }
  public void setService(ServiceInfo service) { this.service = service; }
  public String getIntegrationId() { return integrationId; }
  public void setIntegrationId(String integrationId) { this.integrationId = integrationId; }
  public List<PlannedChange> getPlan() { return plan; }
  public void setPlan(List<PlannedChange> plan) { this.plan = plan; }
  public PlanSummary getPlanSummary() { return planSummary; }
  public void setPlanSummary(PlanSummary planSummary) { this.planSummary = planSummary; }
  public String getTargets() { return targets; }
  public void setTargets(String targets) { this.targets = targets; }
  public String getLogSummary() { return logSummary; }
  public void setLogSummary(String logSummary) { this.logSummary = logSummary; }
  public CoverageStatus getCoverage() { return coverage; }
  public void setCoverage(CoverageStatus coverage) { this.coverage = coverage; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof PgAuditPolicyStatus other)) return false;
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(service, other.service)
        && Objects.equals(integrationId, other.integrationId)
        && Objects.equals(plan, other.plan)
        && Objects.equals(planSummary, other.planSummary)
        && Objects.equals(targets, other.targets)
        && Objects.equals(logSummary, other.logSummary)
        && Objects.equals(coverage, other.coverage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, service, integrationId, plan, planSummary, targets, logSummary, coverage);
  }
}
