package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.testkit.crd.CrdValidator;
import dev.pgaudit.testkit.crd.RepoPaths;
import dev.pgaudit.testkit.crd.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each manifest under src/test/resources/invalid/ breaks one rule and names, in its
 * "# expect: path: [check] message" header lines, every violation the API server would report.
 * The test asserts exactly that set: rejected, and by the named rule(s) only.
 */
class InvalidManifestsTest {
  private static final String CEL = "x-kubernetes-validations";
  private static CrdValidator validator;

  @BeforeAll
  static void loadCrd() {
    validator = CrdValidator.forCommittedCrd();
  }

  static List<Path> invalidManifests() {
    return Manifests.yamlFiles(invalidDir());
  }

  /** Read from the source tree, not target/test-classes, where a deleted file would linger. */
  static Path invalidDir() {
    return RepoPaths.root().resolve("operator/src/test/resources/invalid");
  }

  /** The "# expect:" lines of a file's comment header. */
  static List<String> expectations(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .takeWhile(line -> line.startsWith("#"))
          .filter(line -> line.startsWith("# expect: "))
          .map(line -> line.substring("# expect: ".length()).trim())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One invalid manifest at least per rule of spec's schema: every CEL rule, enum, minimum,
   * maximum, pattern, minItems, maxItems and required field. (Plain string lengths are left to
   * the validator's own tests.)
   */
  @Test
  void everyRuleOfTheSpecSchemaRejectsSomeInvalidManifest() {
    JsonNode spec = CrdFiles.committed().path("spec").path("versions").get(0)
        .path("schema").path("openAPIV3Schema").path("properties").path("spec");
    Set<String> rules = new TreeSet<>();
    collectRules(spec, "spec", rules);

    Set<String> rejectedBy = new TreeSet<>();
    for (Path file : invalidManifests()) {
      for (Violation v : validator.check(Manifests.read(file))) {
        String path = v.path().replaceAll("\\[\\d+]", "[*]");
        rejectedBy.add(path + ": [" + v.check() + "]"
            + (v.check().equals(CEL) ? " " + v.message() : ""));
      }
    }

    assertThat(rules).hasSizeGreaterThan(30);
    assertThat(rejectedBy).containsAll(rules);
  }

  private static void collectRules(JsonNode schema, String path, Set<String> out) {
    for (String keyword : List.of("enum", "minimum", "maximum", "pattern", "minItems", "maxItems")) {
      if (schema.has(keyword)) {
        out.add(path + ": [" + keyword + "]");
      }
    }
    schema.path("required").forEach(name -> out.add(path + "." + name.asText() + ": [required]"));
    schema.path(CEL).forEach(rule -> out.add(path + ": [" + CEL + "] " + rule.path("message").asText()));
    schema.path("properties").fields().forEachRemaining(p -> collectRules(p.getValue(), path + "." + p.getKey(), out));
    if (schema.has("items")) {
      collectRules(schema.get("items"), path + "[*]", out);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void manifestIsRejectedByExactlyTheNamedRules(Path file) {
    List<String> expected = expectations(file);
    assertThat(expected).as("%s names its expected violations in '# expect:' lines", file).isNotEmpty();

    List<String> violations = validator.violations(Manifests.read(file));

    assertThat(violations).as("violations of %s", file.getFileName()).isNotEmpty();
    for (String expectation : expected) {
      assertThat(violations).as("violations of %s", file.getFileName())
          .anySatisfy(v -> assertThat(v).contains(expectation));
    }
    for (String violation : violations) {
      assertThat(expected).as("unexpected violation of %s: %s", file.getFileName(), violation)
          .anySatisfy(e -> assertThat(violation).contains(e));
    }
  }
}
