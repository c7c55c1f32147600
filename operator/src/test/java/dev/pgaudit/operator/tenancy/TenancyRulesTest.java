package dev.pgaudit.operator.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.plan.ServiceKey;
import org.junit.jupiter.api.Test;

/** The rule set: default deny, patterns, sinks, own tokens, ranks, and a strict parser. */
class TenancyRulesTest {
  private static final TenancyRules TWO_TEAMS = TenancyParser.parse("""
      namespaces:
        - namespace: team-a
          rank: 10
          services:
            - {project: acme-prod, service: "pg-orders*"}
            - {project: acme-prod, service: os-audit-a}
        - namespace: team-b
          services:
            - {project: acme-prod, service: pg-billing}
            - {project: "acme-*"}
        - namespace: "sandbox-?"
          services: []
      """);

  private static ServiceKey key(String project, String service) {
    return new ServiceKey(project, service);
  }

  @Test
  void aNamespaceNoRuleListsMayNotUseTheDefaultToken() {
    assertThat(TenancyRules.DEFAULT.decide("team-a", true, key("acme-prod", "pg-orders"), null).message())
        .isEqualTo("namespace team-a may not use the operator's default Aiven token: no tenancy rule lists it and"
            + " tenancy.allowAll is false (default deny); ask the platform team to add it to tenancy.namespaces");
    assertThat(TWO_TEAMS.decide("team-c", true, key("acme-prod", "pg-orders"), null).allowed()).isFalse();
  }

  @Test
  void patternsAllowTheirServicesOnly() {
    assertThat(TWO_TEAMS.decide("team-a", true, key("acme-prod", "pg-orders-eu"), null).allowed()).isTrue();
    assertThat(TWO_TEAMS.decide("team-a", true, key("acme-prod", "pg-billing"), null).message())
        .isEqualTo("namespace team-a may not use the operator's default Aiven token on service acme-prod/pg-billing:"
            + " tenancy.namespaces[0] (namespace team-a) allows acme-prod/pg-orders*, acme-prod/os-audit-a");
    // service omitted = every service of the project pattern
    assertThat(TWO_TEAMS.decide("team-b", true, key("acme-dev", "anything"), null).allowed()).isTrue();
    assertThat(TWO_TEAMS.decide("team-b", true, key("other", "pg-billing"), null).allowed()).isFalse();
    assertThat(TWO_TEAMS.decide("sandbox-1", true, key("acme-prod", "x"), null).message())
        .endsWith(": tenancy.namespaces[2] (namespace sandbox-?) allows no service");
    assertThat(TWO_TEAMS.decide("sandbox-12", true, key("acme-prod", "x"), null).message()).contains("no tenancy rule lists it");
  }

  @Test
  void aSinkDestinationMustBeAllowedToo() {
    assertThat(TWO_TEAMS.decide("team-a", true, key("acme-prod", "pg-orders"), key("acme-prod", "os-audit-a")).allowed()).isTrue();
    assertThat(TWO_TEAMS.decide("team-a", true, key("acme-prod", "pg-orders"), key("acme-prod", "os-team-b")).message())
        .startsWith("namespace team-a may not use the operator's default Aiven token on sink destination acme-prod/os-team-b: ");
  }

  @Test
  void ownTokensAreLimitedByAivenUnlessRestrictOwnTokensIsOn() {
    assertThat(TenancyRules.DEFAULT.decide("team-c", false, key("acme-prod", "pg-orders"), null).allowed()).isTrue();
    TenancyRules strict = TenancyParser.parse("restrictOwnTokens: true\nnamespaces: []");
    assertThat(strict.decide("team-c", false, key("acme-prod", "pg-orders"), null).message())
        .startsWith("namespace team-c may not use an Aiven token (tenancy.restrictOwnTokens is on): no tenancy rule lists it");
  }

  @Test
  void allowAllIsExplicitAndOffByDefault() {
    assertThat(TenancyRules.DEFAULT.allowAll()).isFalse();
    assertThat(TenancyParser.parse("allowAll: true").decide("any", true, key("p", "s"), key("p", "os")).allowed()).isTrue();
    assertThat(TenancyParser.parse("").allowAll()).isFalse();
  }

  @Test
  void rankIsTheHighestOfTheNamespacesRules() {
    assertThat(TWO_TEAMS.rankOf("team-a")).isEqualTo(10);
    assertThat(TWO_TEAMS.rankOf("team-b")).isZero();
    assertThat(TWO_TEAMS.rankOf("unlisted")).isZero();
  }

  @Test
  void managedRolesDefaultToAivensAndProtected() {
    assertThat(TWO_TEAMS.managedRoles().allowLowering()).isFalse();
    assertThat(TWO_TEAMS.managedRoles().patternFor("avnadmin")).contains("avnadmin");
    assertThat(TWO_TEAMS.managedRoles().patternFor("_aiven_repl")).contains("_aiven*");
    assertThat(TWO_TEAMS.managedRoles().patternFor("app_rw")).isEmpty();
    TenancyRules custom = TenancyParser.parse("managedRoles: {roles: [svc_*], allowLowering: true}");
    assertThat(custom.managedRoles().roles()).containsExactly("svc_*");
    assertThat(custom.managedRoles().allowLowering()).isTrue();
  }

  @Test
  void theParserNamesEveryProblem() {
    assertThatThrownBy(() -> TenancyParser.parse("""
        allowall: true
        namespaces:
          - namespace: Team_A
            rank: high
            services: [{project: acme, servce: x}]
          - services: {project: acme}
        managedRoles: {roles: [""]}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenancy.allowall: unknown key (known: allowAll, managedRoles, namespaces, restrictOwnTokens);"
            + " tenancy.namespaces[0].namespace: expected a name or a pattern with * and ?, got \"Team_A\";"
            + " tenancy.namespaces[0].rank: expected a whole number, got \"high\";"
            + " tenancy.namespaces[0].services[0].servce: unknown key (known: project, service);"
            + " tenancy.namespaces[1].namespace: required;"
            + " tenancy.namespaces[1].services: expected a list of {project, service} patterns;"
            + " tenancy.managedRoles.roles[0]: expected a role name or pattern, got \"\"");
    assertThatThrownBy(() -> TenancyParser.parse("[1, 2")).hasMessageStartingWith("not YAML or JSON: ");
    assertThatThrownBy(() -> TenancyParser.parse("allowAll: \"yes\"")).hasMessage("tenancy.allowAll: expected true or false, got \"yes\"");
  }

  @Test
  void globs() {
    assertThat(Glob.matches("*", "")).isTrue();
    assertThat(Glob.matches("pg-*-eu", "pg-orders-eu")).isTrue();
    assertThat(Glob.matches("pg-*-eu", "pg-orders-us")).isFalse();
    assertThat(Glob.matches("a?c", "abc")).isTrue();
    assertThat(Glob.matches("a?c", "ac")).isFalse();
    assertThat(Glob.matches("a*b*c", "aXbYbZc")).isTrue();
    assertThat(Glob.matches("a.c", "abc")).isFalse();
  }
}
