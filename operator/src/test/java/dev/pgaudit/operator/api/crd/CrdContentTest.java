package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.testkit.crd.CrdValidator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the committed CRD declares: names, printer columns, status, rules, bounds. */
class CrdContentTest {
  private final JsonNode crd = CrdFiles.committed();
  private final JsonNode version = crd.path("spec").path("versions").get(0);
  private final JsonNode specSchema = version.path("schema").path("openAPIV3Schema").path("properties").path("spec");

  @Test
  void declaresTheResourceNames() {
    assertThat(crd.path("metadata").path("name").asText()).isEqualTo("pgauditpolicies.pgaudit.dev");
    assertThat(crd.path("spec").path("group").asText()).isEqualTo("pgaudit.dev");
    assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.path("spec").path("names").path("kind").asText()).isEqualTo("PgAuditPolicy");
    assertThat(crd.path("spec").path("names").path("plural").asText()).isEqualTo("pgauditpolicies");
    assertThat(crd.path("spec").path("names").path("shortNames").get(0).asText()).isEqualTo("pgap");
    assertThat(crd.path("spec").path("versions")).hasSize(1);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.path("subresources").has("status")).as("status subresource").isTrue();
  }

  @Test
  void printerColumnsShowServiceScopeTargetsLogModeSinkReadyReasonEffectiveAge() {
    List<String> jsonPaths = version.path("additionalPrinterColumns").findValuesAsText("jsonPath");

    assertThat(jsonPaths).containsExactly(
        ".spec.service.serviceName", ".spec.scope.level", ".status.targets", ".status.logSummary", ".spec.mode",
        ".spec.sink.opensearch.serviceName", ".status.conditions[?(@.type==\"Ready\")].status",
        ".status.conditions[?(@.type==\"Ready\")].reason", ".status.coverage.summary", ".metadata.creationTimestamp");
  }

  @Test
  void committedCrdMeansWhatTheGeneratorWrote() {
    JsonNode generated = sortedColumns(CrdFiles.generated());
    JsonNode committed = sortedColumns(crd);

    Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
        ? Double.compare(a.doubleValue(), b.doubleValue())
        : a.equals(b) ? 0 : 1;
    assertThat(committed.equals(numbersByValue, generated)).as("committed CRD equals the generated one").isTrue();
  }

  @Test
  void everyCelRuleCompilesAgainstTheSchema() {
    CrdValidator validator = new CrdValidator(crd);

    assertThat(validator.ruleCompileProblems()).isEmpty();
    assertThat(validator.rules()).hasSize(14);
  }

  /**
   * The API server estimates the worst-case cost of each CEL rule from maxItems and maxLength and
   * refuses a CRD whose rules could cost too much; every list and string in spec is bounded.
   */
  @Test
  void everyListAndStringInSpecIsBounded() {
    List<String> unbounded = new ArrayList<>();
    collectUnbounded(specSchema, "spec", unbounded);

    assertThat(unbounded).isEmpty();
  }

  private static void collectUnbounded(JsonNode schema, String path, List<String> out) {
    switch (schema.path("type").asText()) {
      case "string" -> {
        if (!schema.has("maxLength") && !schema.has("enum")) out.add(path);
      }
      case "array" -> {
        if (!schema.has("maxItems")) out.add(path);
        collectUnbounded(schema.path("items"), path + "[*]", out);
      }
      case "object" -> schema.path("properties").fields()
          .forEachRemaining(p -> collectUnbounded(p.getValue(), path + "." + p.getKey(), out));
      default -> { }
    }
  }

  private static JsonNode sortedColumns(JsonNode crd) {
    ObjectNode copy = crd.deepCopy();
    for (JsonNode version : copy.path("spec").path("versions")) {
      List<JsonNode> columns = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(columns::add);
      columns.sort(Comparator.comparing(c -> c.path("name").asText()));
      ((ObjectNode) version).set("additionalPrinterColumns", ((ArrayNode) version.path("additionalPrinterColumns")).removeAll().addAll(columns));
    }
    return copy;
  }
}
