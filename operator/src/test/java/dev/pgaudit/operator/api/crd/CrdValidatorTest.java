package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.testkit.crd.CrdValidator;
import org.junit.jupiter.api.Test;

/**
 * How the validator behaves where the API server's behaviour is subtle, on small made-up CRDs
 * and on the real one: rules skipped for absent values, defaults and nulls, per-item rules,
 * compile checks against the schema, cel-go semantics of matches() and bytes().
 */
class CrdValidatorTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A CRD of kind Thing (test.dev/v1) whose spec schema is the given YAML. */
  private static CrdValidator thingCrd(String specSchema) {
    return new CrdValidator(yaml("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        spec:
          group: test.dev
          names: {kind: Thing, plural: things}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
        """ + specSchema.indent(12)));
  }

  private static JsonNode thing(String spec) {
    return yaml("apiVersion: test.dev/v1\nkind: Thing\nmetadata: {name: t}\nspec:\n" + spec.indent(2));
  }

  private static JsonNode policy(String spec) {
    return yaml("apiVersion: pgaudit.dev/v1alpha1\nkind: PgAuditPolicy\nmetadata: {name: p}\nspec:\n"
        + "  service: {project: demo-project, serviceName: pg-demo}\n" + spec.indent(2));
  }

  @Test
  void ruleOnAnOptionalFieldRunsOnlyWhenTheFieldIsThere() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          name:
            type: string
            x-kubernetes-validations: [{rule: "self != 'bad'", message: name must not be bad}]
        """);

    assertThat(crd.violations(thing("{}"))).isEmpty();
    assertThat(crd.violations(thing("name: good"))).isEmpty();
    assertThat(crd.violations(thing("name: bad"))).containsExactly("spec.name: [x-kubernetes-validations] name must not be bad");
  }

  @Test
  void ruleOnListItemsRunsForEachItemWithItsIndex() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          names:
            type: array
            items:
              type: string
              x-kubernetes-validations: [{rule: "self.startsWith('a')", message: must start with a}]
        """);

    assertThat(crd.violations(thing("names: [ab, b, ac, c]"))).containsExactly(
        "spec.names[1]: [x-kubernetes-validations] must start with a",
        "spec.names[3]: [x-kubernetes-validations] must start with a");
  }

  @Test
  void defaultsAreFilledInAndNullsDroppedBeforeTheRulesRun() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          mode: {type: string, default: Enforce}
          extra: {type: string}
        x-kubernetes-validations:
        - {rule: "has(self.mode) && self.mode == 'Enforce'", message: mode must be Enforce}
        - {rule: "!has(self.extra)", message: extra must be absent}
        """);

    assertThat(crd.violations(thing("extra: null"))).isEmpty();
    assertThat(crd.defaulted(thing("extra: null")).path("spec")).isEqualTo(yaml("mode: Enforce"));
    assertThat(crd.violations(thing("mode: DryRun"))).containsExactly("spec: [x-kubernetes-validations] mode must be Enforce");
  }

  @Test
  void rulesSeeListsOfObjectsAndMapsTyped() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          items:
            type: array
            maxItems: 10
            items:
              type: object
              properties:
                name: {type: string}
                size: {type: integer}
          labels:
            type: object
            additionalProperties: {type: string}
        x-kubernetes-validations:
        - {rule: "!has(self.items) || self.items.all(i, !has(i.size) || i.size < 10)", message: sizes below 10}
        - {rule: "!has(self.labels) || self.labels.all(k, self.labels[k] != '')", message: no empty labels}
        """);

    assertThat(crd.ruleCompileProblems()).isEmpty();
    assertThat(crd.violations(thing("items: [{name: a, size: 1}, {name: b}]\nlabels: {a: x}"))).isEmpty();
    assertThat(crd.violations(thing("items: [{name: a, size: 11}]\nlabels: {a: ''}"))).containsExactly(
        "spec: [x-kubernetes-validations] sizes below 10",
        "spec: [x-kubernetes-validations] no empty labels");
  }

  @Test
  void ruleWithoutMessageIsReportedByItsText() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          n: {type: integer}
        x-kubernetes-validations: [{rule: "self.n < 3"}]
        """);

    assertThat(crd.violations(thing("n: 5"))).containsExactly("spec: [x-kubernetes-validations] failed rule: self.n < 3");
  }

  @Test
  void messageExpressionIsUsedWhenItEvaluates() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          n: {type: integer}
        x-kubernetes-validations:
        - {rule: "self.n < 3", message: too big, messageExpression: "'n is ' + string(self.n) + ', above 2'"}
        """);

    assertThat(crd.violations(thing("n: 5"))).containsExactly("spec: [x-kubernetes-validations] n is 5, above 2");
  }

  @Test
  void ruleNamingAFieldTheSchemaDoesNotHaveDoesNotCompile() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          level: {type: string}
        x-kubernetes-validations:
        - {rule: "self.levle == 'x'", message: typo}
        - {rule: "self.level + 1 == 2", message: wrong type}
        - {rule: "size(self.level)", message: not a bool}
        """);

    assertThat(crd.ruleCompileProblems()).hasSize(3)
        .allSatisfy(p -> assertThat(p).startsWith("spec: [x-kubernetes-validations] rule does not compile"));
    assertThat(crd.ruleCompileProblems().get(0)).contains("undefined field 'levle'");
    assertThat(crd.violations(thing("level: x"))).hasSize(3);
  }

  @Test
  void wrongTypeStopsTheRulesLikeTheApiServerDoes() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          n: {type: integer}
        x-kubernetes-validations: [{rule: "false", message: never}]
        """);

    assertThat(crd.violations(thing("n: many"))).containsExactly(
        "spec.n: [type] string found, integer expected",
        "(root): [x-kubernetes-validations] some validation rules were not checked because the object was invalid;"
            + " correct the existing errors to complete validation");
  }

  @Test
  void matchesFindsAnywhereInTheStringAsInCelGo() {
    CrdValidator crd = thingCrd("""
        type: object
        properties:
          s: {type: string, x-kubernetes-validations: [{rule: "self.matches('b+')", message: no b}]}
        """);

    assertThat(crd.violations(thing("s: abba"))).isEmpty();
    assertThat(crd.violations(thing("s: acca"))).containsExactly("spec.s: [x-kubernetes-validations] no b");
  }

  @Test
  void identifierLimitCountsUtf8BytesNotCharacters() {
    CrdValidator crd = CrdValidator.forCommittedCrd();
    String bytes63 = "é".repeat(31) + "a";
    String bytes64 = "é".repeat(32);

    assertThat(crd.violations(policy("scope: {level: Database, databases: [" + bytes63 + "]}\nlog: [ddl]"))).isEmpty();
    assertThat(crd.violations(policy("scope: {level: Database, databases: [" + bytes64 + "]}\nlog: [ddl]")))
        .singleElement().asString().contains("each name in scope.databases must be 1 to 63 bytes long");
    assertThat(crd.violations(policy("scope: {level: Role, roles: [" + "a".repeat(63) + "]}\nlog: [ddl]"))).isEmpty();
    assertThat(crd.violations(policy("scope: {level: Database, databases: [orders]}\nlog: [ddl]\n"
        + "settings: {role: " + bytes63 + "}"))).isEmpty();
  }

  @Test
  void sqlScopesAcceptPgauditListSyntaxThatServiceScopeRefuses() {
    CrdValidator crd = CrdValidator.forCommittedCrd();

    assertThat(crd.violations(policy("scope: {level: Role, roles: [etl]}\nlog: [none]"))).isEmpty();
    assertThat(crd.violations(policy("scope: {level: Database, databases: [orders]}\nlog: [all, -misc, -misc_set]"))).isEmpty();
    assertThat(crd.violations(policy("scope: {level: Database, databases: [orders]}\nlog: [ddl]\n"
        + "settings: {role: 'audit role with spaces'}"))).isEmpty();
    assertThat(crd.violations(policy("scope: {level: Service}\nlog: [all, misc_set]\n"
        + "settings: {role: _audit.role-1, logMaxStringLength: -1, logNestedStatements: false}"))).isEmpty();
  }

  @Test
  void hostileShapesAreReportedNotThrown() {
    CrdValidator crd = CrdValidator.forCommittedCrd();

    assertThat(crd.violations(yaml("just a string"))).containsExactly("(root): [type] a manifest must be an object");
    assertThat(crd.violations(policy("scope: Service\nlog: ddl"))).containsExactly(
        "spec.log: [type] string found, array expected",
        "spec.scope: [type] string found, object expected",
        "(root): [x-kubernetes-validations] some validation rules were not checked because the object was invalid;"
            + " correct the existing errors to complete validation");
    assertThat(crd.violations(yaml("apiVersion: pgaudit.dev/v1alpha1\nkind: PgAuditPolicy\nmetadata: {name: p}\nspec: 7")))
        .contains("spec: [type] integer found, object expected");
  }
}
