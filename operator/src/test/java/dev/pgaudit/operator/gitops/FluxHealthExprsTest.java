package dev.pgaudit.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.operator.gitops.HealthCases.HealthCase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Flux Kustomization in examples/gitops/flux/policies.yaml waits for the policies with
 * healthCheckExprs that mean what the Argo CD health check means: the same sample statuses.
 */
class FluxHealthExprsTest {
  private static final JsonNode KUSTOMIZATION = GitOpsFiles.document("flux/policies.yaml", "Kustomization");
  private static final FluxHealthExprs EXPRS = new FluxHealthExprs(policyExpr());

  static List<HealthCase> cases() {
    return HealthCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthMatchesTheArgoCdHealthCheck(HealthCase c) {
    assertThat(EXPRS.evaluate(c.policy())).isEqualTo(c.flux());
  }

  @Test
  void kustomizationWaitsForEverythingItApplies() {
    assertThat(KUSTOMIZATION.path("spec").path("wait").asBoolean()).isTrue();
    assertThat(KUSTOMIZATION.path("spec").path("timeout").asText()).isNotEmpty();
    assertThat(KUSTOMIZATION.path("spec").path("prune").asBoolean()).isTrue();
  }

  @Test
  void fluxOutcomesFollowArgoOutcomes() {
    for (HealthCase c : cases()) {
      HealthCases.Flux expected = switch (c.argo()) {
        case "Healthy" -> HealthCases.Flux.CURRENT;
        case "Degraded" -> HealthCases.Flux.FAILED;
        default -> c.flux() == HealthCases.Flux.UNKNOWN_UNTIL_STATUS ? c.flux() : HealthCases.Flux.IN_PROGRESS;
      };
      assertThat(c.flux()).as(c.name()).isEqualTo(expected);
    }
  }

  private static JsonNode policyExpr() {
    for (JsonNode expr : KUSTOMIZATION.path("spec").path("healthCheckExprs")) {
      if (expr.path("kind").asText().equals("PgAuditPolicy") && expr.path("apiVersion").asText().equals("pgaudit.dev/v1alpha1")) {
        return expr;
      }
    }
    throw new AssertionError("no healthCheckExprs entry for pgaudit.dev/v1alpha1 PgAuditPolicy");
  }
}
