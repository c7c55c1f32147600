package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.operator.tenancy.TenancyRules;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The chart's tenancy value reaches the operator as PGAUDIT_TENANCY, and the operator reads it as written. */
class ChartTenancyTest {

  @Test
  void theDefaultInstallDeniesTheDefaultTokenToEveryNamespace() {
    TenancyRules rules = TenancyParser.parse(Chart.template().envValue("PGAUDIT_TENANCY"));
    assertThat(rules).isEqualTo(TenancyRules.DEFAULT);
    assertThat(rules.decide("default", true, new ServiceKey("acme", "pg"), null).allowed()).isFalse();
  }

  @Test
  void theReadmesTwoTeamValuesBecomeTheRuleSet() {
    TenancyRules rules = TenancyParser.parse(Chart.template("two-teams-values.yaml").envValue("PGAUDIT_TENANCY"));
    assertThat(rules.decide("team-a", true, new ServiceKey("acme-prod", "pg-orders-eu"), new ServiceKey("acme-prod", "os-audit-a"))
        .allowed()).isTrue();
    assertThat(rules.decide("team-b", true, new ServiceKey("acme-prod", "pg-orders-eu"), null).allowed()).isFalse();
    assertThat(rules.decide("team-b", true, new ServiceKey("acme-prod", "pg-billing"), new ServiceKey("acme-prod", "os-audit-a"))
        .allowed()).isFalse();
    assertThat(rules.rankOf("platform-audit")).isEqualTo(100);
    assertThat(rules.managedRoles()).isEqualTo(TenancyRules.ManagedRoles.DEFAULT);
  }

  @Test
  void theReadmeShowsTheTwoTeamValuesAsTested() throws IOException {
    String values = Files.readString(Chart.testValues("two-teams-values.yaml"));
    String readme = Files.readString(RepoPaths.root().resolve("README.md"));
    assertThat(readme).contains(values.substring(values.indexOf("tenancy:")));
  }

  /** The rule set is an environment variable: it needs no Kubernetes permission, so the RBAC is the same with it. */
  @Test
  void theRuleSetAddsNoRbac() {
    Rendered plain = Chart.template();
    Rendered twoTeams = Chart.template("two-teams-values.yaml");
    for (String kind : java.util.List.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")) {
      assertThat(twoTeams.ofKind(kind)).as(kind).isEqualTo(plain.ofKind(kind));
    }
    assertThat(twoTeams.ofKind("ConfigMap")).isEqualTo(plain.ofKind("ConfigMap"));
  }

  @Test
  void allowAllIsOneValue() {
    TenancyRules rules = TenancyParser.parse(Chart.render(Chart.base().set("tenancy.allowAll", true)).envValue("PGAUDIT_TENANCY"));
    assertThat(rules.decide("anyone", true, new ServiceKey("any", "thing"), null).allowed()).isTrue();
  }

  @Test
  void schemaRejectsMisspeltTenancyValues() {
    assertThatThrownBy(() -> Chart.render(Chart.base().set("tenancy.allowall", true))).hasMessageContaining("allowall");
    assertThatThrownBy(() -> Chart.render(Chart.base().set("tenancy.namespaces[0].namespace", "Team_A")
        .set("tenancy.namespaces[0].services[0].project", "acme"))).hasMessageContaining("namespace");
    assertThatThrownBy(() -> Chart.render(Chart.base().set("tenancy.namespaces[0].namespace", "team-a")))
        .as("services is required").hasMessageContaining("services");
  }
}
