package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The x-kubernetes-validations part of the API server's validation, with Google's CEL for Java.
 *
 * <p>Every rule in the schema is compiled once, with {@code self} typed from the schema (see
 * {@link CelSchemaTypes}), standard macros and functions (size, bytes, matches, startsWith, has,
 * all, exists, ...) and CEL's strings extension. A rule is evaluated for every value present at its
 * schema node (for every item of a list) and skipped when the value is absent, as the API server
 * does. Transition rules (oldSelf) only run on update and are skipped here.
 */
final class CelRuleCheck {
  private static final CelOptions OPTIONS = CelOptions.current()
      .enableRegexPartialMatch(true) // matches() finds, as in cel-go; the rules anchor with ^...$
      .enableHomogeneousLiterals(true) // the API server's environment has HomogeneousAggregateLiterals
      .build();

  private final JsonNode rootSchema;
  private final CelSchemaTypes types;
  private final CelRuntime runtime;
  private final Map<JsonNode, List<Rule>> rulesBySchema = new IdentityHashMap<>();
  private final List<Violation> compileProblems = new ArrayList<>();

  CelRuleCheck(JsonNode rootSchema) {
    this.rootSchema = rootSchema;
    this.types = new CelSchemaTypes(rootSchema);
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(OPTIONS)
        .addLibraries(CelExtensions.strings())
        .build();
    compileAll(rootSchema, "");
  }

  /** Rules that would not compile in Kubernetes either; empty for a usable CRD. */
  List<Violation> compileProblems() {
    return List.copyOf(compileProblems);
  }

  /** Every rule of the schema, with the schema path it sits at (for reports and tests). */
  List<String> describeRules() {
    List<String> out = new ArrayList<>();
    rulesBySchema.values().forEach(rules -> rules.forEach(r -> out.add(r.schemaPath() + ": " + r.rule())));
    return out;
  }

  List<Violation> violations(JsonNode resource) {
    List<Violation> out = new ArrayList<>(compileProblems);
    evaluate(rootSchema, resource, "", out);
    return out;
  }

  private void compileAll(JsonNode schema, String path) {
    if (schema == null || !schema.isObject()) {
      return;
    }
    JsonNode validations = schema.path("x-kubernetes-validations");
    List<Rule> rules = new ArrayList<>();
    for (JsonNode validation : validations) {
      String expression = validation.path("rule").asText();
      try {
        CelAbstractSyntaxTree ast = compiler(types.typeOf(schema), SimpleType.BOOL).compile(expression).getAst();
        CelAbstractSyntaxTree messageAst = null;
        if (validation.hasNonNull("messageExpression")) {
          messageAst = compiler(types.typeOf(schema), SimpleType.STRING)
              .compile(validation.get("messageExpression").asText()).getAst();
        }
        rules.add(new Rule(path, expression, runtime.createProgram(ast),
            messageAst == null ? null : runtime.createProgram(messageAst),
            validation.path("message").asText(""), validation.path("fieldPath").asText(""),
            expression.contains("oldSelf")));
      } catch (CelValidationException | CelEvaluationException e) {
        compileProblems.add(new Violation(StructuralSchema.Paths.orRoot(path), "x-kubernetes-validations",
            "rule does not compile: " + expression + ": " + e.getMessage()));
      }
    }
    if (!rules.isEmpty()) {
      rulesBySchema.put(schema, rules);
    }
    schema.path("properties").fields().forEachRemaining(p ->
        compileAll(p.getValue(), StructuralSchema.Paths.field(path, p.getKey())));
    compileAll(schema.get("items"), path + "[*]");
    compileAll(schema.get("additionalProperties"), path + "[*]");
  }

  private CelCompiler compiler(CelType selfType, CelType resultType) {
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addLibraries(CelExtensions.strings())
        .setTypeProvider(types)
        .addVar("self", selfType)
        .addVar("oldSelf", selfType)
        .setResultType(resultType)
        .build();
  }

  private void evaluate(JsonNode schema, JsonNode value, String path, List<Violation> out) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    for (Rule rule : rulesBySchema.getOrDefault(schema, List.of())) {
      if (!rule.transition()) {
        rule.check(CelValues.of(value, schema), path).ifPresent(out::add);
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        evaluate(StructuralSchema.propertySchema(schema, field.getKey()), field.getValue(),
            StructuralSchema.Paths.field(path, field.getKey()), out);
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        evaluate(StructuralSchema.itemSchema(schema), value.get(i), StructuralSchema.Paths.index(path, i), out);
      }
    }
  }

  private record Rule(String schemaPath, String rule, CelRuntime.Program program, CelRuntime.Program messageProgram,
                      String message, String fieldPath, boolean transition) {

    Optional<Violation> check(Object self, String path) {
      String reportedPath = StructuralSchema.Paths.orRoot(path + fieldPath);
      try {
        Object result = program.eval(Map.of("self", self));
        if (Boolean.TRUE.equals(result)) {
          return Optional.empty();
        }
        if (!(result instanceof Boolean)) {
          return Optional.of(new Violation(reportedPath, "x-kubernetes-validations",
              "rule did not evaluate to a bool: " + rule));
        }
        return Optional.of(new Violation(reportedPath, "x-kubernetes-validations", message(self)));
      } catch (CelEvaluationException e) {
        return Optional.of(new Violation(reportedPath, "x-kubernetes-validations",
            "rule evaluation error: " + rule + ": " + e.getMessage()));
      }
    }

    private String message(Object self) {
      if (messageProgram != null) {
        try {
          Object text = messageProgram.eval(Map.of("self", self));
          if (text instanceof String s && !s.isBlank()) {
            return s;
          }
        } catch (CelEvaluationException e) {
          // The API server falls back to message (or the rule) when messageExpression fails.
        }
      }
      return message.isEmpty() ? "failed rule: " + rule : message;
    }
  }
}
