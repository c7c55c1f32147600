package dev.pgaudit.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.operator.gitops.HealthCases.HealthCase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** examples/gitops/argocd/health.lua run with LuaJ against sample policy statuses, as Argo CD runs it. */
class ArgoHealthCheckTest {
  private static final ArgoHealthScript SCRIPT = new ArgoHealthScript(GitOpsFiles.text(GitOpsFiles.healthLua()));

  static List<HealthCase> cases() {
    return HealthCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void healthFollowsTheReadyConditionAtTheCurrentGeneration(HealthCase c) {
    ArgoHealthScript.Result result = SCRIPT.run(c.policy());

    assertThat(result.status()).isEqualTo(c.argo());
    assertThat(result.message()).contains(c.messagePart());
  }

  @Test
  void argocdCmEmbedsHealthLuaVerbatim() {
    JsonNode configMap = GitOpsFiles.document("argocd/argocd-cm.yaml", "ConfigMap");

    assertThat(configMap.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
    assertThat(configMap.path("data").path("resource.customizations.health.pgaudit.dev_PgAuditPolicy").asText())
        .as("argocd-cm.yaml must embed examples/gitops/argocd/health.lua unchanged; re-indent and paste it again")
        .isEqualTo(GitOpsFiles.text(GitOpsFiles.healthLua()));
  }

  /** What Argo CD gives an argocd-cm script without useOpenLibs, and what it does not. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "string.sub('DryRun', 1, 3)        | false",
      "('DryRun'):sub(1, 3)              | false",
      "math.floor(1.5)                   | false",
      "os.time()                         | false",
      "io.write('x')                     | false",
      "require('os').time() > 0          | true",
      "table.concat({'a', 'b'}, ',')     | true",
      "tostring(tonumber('3')) .. #'abc' | true",
      "'DryRun: x' >= 'DryRun'           | true"})
  void scriptsGetOnlyTheBaseTableAndPackageLibrariesAndASafeOs(String expression, boolean available) {
    var globals = ArgoHealthScript.argoGlobals();
    var chunk = globals.load("return " + expression, "probe");
    if (available) {
      assertThat(chunk.call().isnil()).isFalse();
    } else {
      org.assertj.core.api.Assertions.assertThatThrownBy(chunk::call).isInstanceOf(org.luaj.vm2.LuaError.class);
    }
  }

  @Test
  void theCaseTableCoversEveryArgoOutcome() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(8)
        .extracting(HealthCase::argo).contains("Healthy", "Progressing", "Degraded");
  }
}
