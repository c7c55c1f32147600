package dev.pgaudit.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelUnknownSet;
import dev.pgaudit.operator.gitops.HealthCases.Flux;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flux Kustomization's healthCheckExprs for one kind, evaluated as kustomize-controller does
 * (fluxcd/pkg runtime/cel StatusEvaluator): a status.observedGeneration that differs from
 * metadata.generation is InProgress; then inProgress, failed and current are tried in that order;
 * none true is InProgress. The object's top-level fields are the CEL variables; an expression that
 * cannot be evaluated (a field missing) leaves the status unknown and Flux polls again.
 */
final class FluxHealthExprs {
  private static final List<String> TOP_LEVEL = List.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final CelOptions OPTIONS = CelOptions.current().enableHomogeneousLiterals(true).build();

  private final CelRuntime.Program inProgress;
  private final CelRuntime.Program failed;
  private final CelRuntime.Program current;

  FluxHealthExprs(JsonNode healthCheckExpr) {
    CelCompiler compiler = compiler();
    CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    this.inProgress = program(compiler, runtime, healthCheckExpr.path("inProgress").asText(null));
    this.failed = program(compiler, runtime, healthCheckExpr.path("failed").asText(null));
    this.current = program(compiler, runtime, healthCheckExpr.path("current").asText(null));
    if (current == null) {
      throw new IllegalArgumentException("Flux requires the current expression");
    }
  }

  Flux evaluate(JsonNode object) {
    JsonNode observed = object.path("status").path("observedGeneration");
    JsonNode generation = object.path("metadata").path("generation");
    if (observed.isIntegralNumber() && generation.isIntegralNumber() && observed.longValue() != generation.longValue()) {
      return Flux.IN_PROGRESS;
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    for (String field : TOP_LEVEL) {
      if (object.has(field)) {
        variables.put(field, toCel(object.get(field)));
      }
    }
    try {
      if (inProgress != null && isTrue(inProgress, variables)) return Flux.IN_PROGRESS;
      if (failed != null && isTrue(failed, variables)) return Flux.FAILED;
      if (isTrue(current, variables)) return Flux.CURRENT;
      return Flux.IN_PROGRESS;
    } catch (NotEvaluable e) {
      return Flux.UNKNOWN_UNTIL_STATUS;
    }
  }

  /** cel-go fails on a variable missing from the object; CEL for Java returns an unknown: both mean "not yet". */
  private static boolean isTrue(CelRuntime.Program program, Map<String, Object> variables) {
    Object value;
    try {
      value = program.eval(variables);
    } catch (CelEvaluationException e) {
      throw new NotEvaluable();
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof CelUnknownSet) {
      throw new NotEvaluable();
    }
    throw new AssertionError("a health expression returned " + value + ", not a boolean");
  }

  private static final class NotEvaluable extends RuntimeException {
    NotEvaluable() {
      super(null, null, false, false);
    }
  }

  private static CelCompiler compiler() {
    var builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
    TOP_LEVEL.forEach(v -> builder.addVar(v, SimpleType.DYN));
    return builder.build();
  }

  private static CelRuntime.Program program(CelCompiler compiler, CelRuntime runtime, String expression) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    try {
      CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
      return runtime.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new AssertionError("healthCheckExprs expression does not compile: " + expression + ": " + e.getMessage(), e);
    }
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          map.put(field.getKey(), toCel(field.getValue()));
        }
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) return node.longValue(); // Kubernetes integers are int64
    if (node.isNumber()) return node.doubleValue();
    if (node.isBoolean()) return node.booleanValue();
    return node.asText();
  }
}
