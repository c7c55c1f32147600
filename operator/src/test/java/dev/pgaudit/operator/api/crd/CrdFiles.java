package dev.pgaudit.operator.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.testkit.crd.CrdValidator;
import dev.pgaudit.testkit.crd.RepoPaths;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The PgAuditPolicy CRD: the one the Fabric8 generator writes at build time (process-classes) and
 * the one committed under crds/.
 *
 * <p>The committed file is the generated one with one change: the generator sorts
 * additionalPrinterColumns by jsonPath, while kubectl shows columns in list order, so the columns
 * are put back in the order of the {@link AdditionalPrinterColumn} annotations on
 * {@link PgAuditPolicy} (SERVICE, SCOPE, TARGETS, LOG, MODE, SINK, READY, REASON, EFFECTIVE, AGE). Integral numbers the generator
 * writes as doubles (maximum: 102400.0) are written as integers; the value is the same.
 */
public final class CrdFiles {
  public static final String FILE_NAME = CrdValidator.COMMITTED_CRD;
  public static final String REGENERATE_COMMAND =
      "./mvnw -pl operator test -Dtest=CrdUpToDateTest -Dcrd.update=true";

  private static final String GENERATED_RESOURCE = "META-INF/fabric8/" + FILE_NAME;
  private static final String HEADER = """
      # PgAuditPolicy CustomResourceDefinition (pgaudit.dev/v1alpha1).
      # Generated from the Java model (operator/src/main/java/dev/pgaudit/operator/api) by the Fabric8
      # CRD generator, with the printer columns in the model's order. Do not edit: change the model and run
      #   %s
      """.formatted(REGENERATE_COMMAND);

  private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build())
      .build();

  private CrdFiles() {}

  public static Path committedPath() { return RepoPaths.crds().resolve(FILE_NAME); }

  /** The committed CRD, parsed. */
  public static JsonNode committed() {
    try {
      return YAML.readTree(committedPath().toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + committedPath(), e);
    }
  }

  /** What crds/ must contain, derived from the CRD generated from the current model. */
  public static String render() {
    ObjectNode crd = (ObjectNode) generated();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode columns = version.path("additionalPrinterColumns");
      if (columns.isArray()) {
        ((ObjectNode) version).set("additionalPrinterColumns", inAnnotationOrder((ArrayNode) columns));
      }
    }
    try {
      return HEADER + YAML.writeValueAsString(integralNumbersAsIntegers(crd));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRD the Fabric8 generator wrote into target/classes during process-classes. */
  public static JsonNode generated() {
    try (InputStream in = CrdFiles.class.getClassLoader().getResourceAsStream(GENERATED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(GENERATED_RESOURCE + " is not on the classpath: run the build"
            + " through process-classes (crd-generator-maven-plugin) first");
      }
      return YAML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeCommitted(String content) {
    try {
      Files.createDirectories(committedPath().getParent());
      Files.writeString(committedPath(), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String readCommittedText() {
    try {
      return Files.readString(committedPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + committedPath(), e);
    }
  }

  /** The printer column names in the order of the annotations on PgAuditPolicy. */
  public static List<String> annotatedColumnNames() {
    return Arrays.stream(PgAuditPolicy.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
  }

  private static ArrayNode inAnnotationOrder(ArrayNode columns) {
    List<String> order = annotatedColumnNames();
    List<JsonNode> sorted = new ArrayList<>();
    columns.forEach(sorted::add);
    for (JsonNode column : sorted) {
      if (!order.contains(column.path("name").asText())) {
        throw new IllegalStateException("generated printer column " + column + " has no annotation");
      }
    }
    sorted.sort((a, b) -> Integer.compare(
        order.indexOf(a.path("name").asText()), order.indexOf(b.path("name").asText())));
    return JsonNodeFactory.instance.arrayNode().addAll(sorted);
  }

  private static JsonNode integralNumbersAsIntegers(JsonNode node) {
    if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
        && Math.abs(node.doubleValue()) < 1e15) {
      return JsonNodeFactory.instance.numberNode((long) node.doubleValue());
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        field.setValue(integralNumbersAsIntegers(field.getValue()));
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, integralNumbersAsIntegers(array.get(i)));
      }
    }
    return node;
  }
}
