package dev.pgaudit.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Sample PgAuditPolicies as the operator leaves them (metadata.generation 3 unless said otherwise),
 * with the health Argo CD (health.lua) and Flux (healthCheckExprs) must give each. One table for
 * both tools, so they cannot drift apart.
 */
final class HealthCases {
  private HealthCases() {}

  enum Flux { CURRENT, FAILED, IN_PROGRESS, UNKNOWN_UNTIL_STATUS }

  /** messagePart: a piece of the Argo CD message, or "" for no check. */
  record HealthCase(String name, JsonNode policy, String argo, String messagePart, Flux flux) {
    @Override
    public String toString() { return name; }
  }

  static final String READY_OK = ready("True", "Reconciled", "audit settings are applied and verified", 3);

  static List<HealthCase> all() {
    return List.of(
        of("just created, no status yet", policy(3, null),
            "Progressing", "Waiting for the operator", Flux.UNKNOWN_UNTIL_STATUS),
        of("status without conditions", policy(3, "status: {observedGeneration: 3}"),
            "Progressing", "Waiting for the operator", Flux.IN_PROGRESS),
        of("conditions without Ready", policy(3, status(3, condition("ServiceConfigured", "True", "Reconciled", "ok", 3))),
            "Progressing", "Waiting for the operator", Flux.IN_PROGRESS),
        of("Ready=True at the current generation", policy(3, status(3, READY_OK)),
            "Healthy", "audit settings are applied and verified", Flux.CURRENT),
        of("Ready=True, generation only in status.observedGeneration",
            policy(3, status(3, "{type: Ready, status: 'True', reason: Reconciled, message: applied}")),
            "Healthy", "applied", Flux.CURRENT),
        of("Ready=True about an older generation", policy(4, status(3, READY_OK)),
            "Progressing", "generation 4", Flux.IN_PROGRESS),
        of("Ready=True, condition older than status.observedGeneration", policy(3, status(3, ready("True", "Reconciled", "ok", 2))),
            "Progressing", "generation 3", Flux.IN_PROGRESS),
        of("Ready=True without any observedGeneration",
            policy(3, "status: {conditions: [{type: Ready, status: 'True', reason: Reconciled, message: ok}]}"),
            "Progressing", "generation 3", Flux.IN_PROGRESS),
        of("Ready=False: Conflict with another policy", policy(3, status(3,
                ready("False", "Conflict", "log on pg-demo is also managed by team-b/audit-all", 3),
                condition("Conflict", "True", "Conflict", "log on pg-demo is also managed by team-b/audit-all", 3))),
            "Degraded", "Conflict: log on pg-demo is also managed by team-b/audit-all", Flux.FAILED),
        of("Ready=False: InvalidToken", policy(3, status(3, ready("False", "InvalidToken", "the Aiven API rejected the token", 3))),
            "Degraded", "InvalidToken: the Aiven API rejected the token", Flux.FAILED),
        of("Ready=False: MissingPrivilege", policy(3, status(3, ready("False", "MissingPrivilege", "avnadmin cannot ALTER ROLE", 3))),
            "Degraded", "MissingPrivilege", Flux.FAILED),
        of("Ready=False: AivenApiError", policy(3, status(3, ready("False", "AivenApiError", "HTTP 503", 3))),
            "Degraded", "AivenApiError", Flux.FAILED),
        of("Ready=False: Waiting", policy(3, status(3, ready("False", "Waiting", "waiting for the integration", 3))),
            "Progressing", "Waiting: waiting for the integration", Flux.IN_PROGRESS),
        of("Ready=False: ServiceNotRunning", policy(3, status(3, ready("False", "ServiceNotRunning", "pg-demo is REBUILDING", 3))),
            "Progressing", "ServiceNotRunning: pg-demo is REBUILDING", Flux.IN_PROGRESS),
        of("Ready=False: ExtensionEnabling", policy(3, status(3, ready("False", "ExtensionEnabling",
            "the pgaudit extension is being enabled", 3))),
            "Progressing", "ExtensionEnabling: the pgaudit extension is being enabled", Flux.IN_PROGRESS),
        of("Ready=False: SinkStarting", policy(3, status(3, ready("False", "SinkStarting",
            "the logs integration to acme/os-audit is not active yet (status starting); checked again within seconds", 3))),
            "Progressing", "SinkStarting: the logs integration to acme/os-audit is not active yet", Flux.IN_PROGRESS),
        of("Ready=False: SinkFailed", policy(3, status(3, ready("False", "SinkFailed",
            "the logs integration to acme/os-audit has failed", 3))),
            "Degraded", "SinkFailed", Flux.FAILED),
        of("Ready=Unknown", policy(3, status(3, ready("Unknown", "Waiting", "first reconcile in progress", 3))),
            "Progressing", "first reconcile in progress", Flux.IN_PROGRESS),
        of("Conflict reported for an older generation", policy(4, status(3, ready("False", "Conflict", "clash", 3))),
            "Progressing", "generation 4", Flux.IN_PROGRESS),
        of("DryRun", policy(3, status(3,
                ready("True", "DryRun", "DryRun: Enforce would make 2 changes (see status.plan); nothing was written", 3))),
            "Healthy", "DryRun: Enforce would make 2 changes", Flux.CURRENT),
        of("DryRun with a message that does not say so", policy(3, status(3, ready("True", "DryRun", "2 changes planned", 3))),
            "Healthy", "DryRun: 2 changes planned", Flux.CURRENT),
        of("only Ready counts: another condition False", policy(3, status(3,
                condition("SqlSettingsApplied", "False", "NotApplicable", "Service scope", 3), READY_OK)),
            "Healthy", "applied and verified", Flux.CURRENT),
        of("Effective=False: ShadowedByPolicy (declared intent)", policy(3, status(3, READY_OK,
                condition("Effective", "False", "ShadowedByPolicy", "1 of 3 (database, login role) pair(s) are not audited"
                    + " as the policy says: reporting@billing: pgaudit.log is 'read, misc' from role \"reporting\" in"
                    + " database \"billing\" (policy demo/billing-reporting-reads)", 3))),
            "Healthy", "ShadowedByPolicy: 1 of 3 (database, login role) pair(s) are not audited", Flux.CURRENT),
        of("Effective=False: ShadowedOutside", policy(3, status(3, READY_OK,
                condition("Effective", "False", "ShadowedOutside", "1 of 3 (database, login role) pair(s) are not audited"
                    + " as the policy says: app@billing: pgaudit.log is 'none' from role app (set outside the operator)", 3))),
            "Degraded", "ShadowedOutside: 1 of 3", Flux.FAILED),
        of("Effective=True: Covered", policy(3, status(3, READY_OK,
                condition("Effective", "True", "Covered", "all 3 (database, login role) pair(s) the policy covers are"
                    + " audited as it says", 3))),
            "Healthy", "applied and verified", Flux.CURRENT));
  }

  private static HealthCase of(String name, String policyYaml, String argo, String messagePart, Flux flux) {
    return new HealthCase(name, GitOpsFiles.yaml(policyYaml), argo, messagePart, flux);
  }

  private static String policy(long generation, String status) {
    return """
        apiVersion: pgaudit.dev/v1alpha1
        kind: PgAuditPolicy
        metadata: {name: audit-ddl, namespace: team-a, generation: %d}
        spec: {service: {project: demo-project, serviceName: pg-demo}, log: [ddl]}
        %s
        """.formatted(generation, status == null ? "" : status);
  }

  private static String status(long observedGeneration, String... conditions) {
    return "status: {observedGeneration: %d, conditions: [%s]}".formatted(observedGeneration, String.join(", ", conditions));
  }

  private static String ready(String status, String reason, String message, long observedGeneration) {
    return condition("Ready", status, reason, message, observedGeneration);
  }

  private static String condition(String type, String status, String reason, String message, long observedGeneration) {
    return "{type: %s, status: '%s', reason: %s, message: '%s', observedGeneration: %d, lastTransitionTime: '2026-11-02T10:00:00Z'}"
        .formatted(type, status, reason, message.replace("'", "''"), observedGeneration);
  }
}
