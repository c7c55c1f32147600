package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.testkit.crd.CrdValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every PgAuditPolicy under examples/ is accepted by the committed CRD: schema and CEL rules. */
class ExamplesValidationTest {
  private static CrdValidator validator;

  @BeforeAll
  static void loadCrd() {
    validator = CrdValidator.forCommittedCrd();
  }

  static List<Path> examplePolicies() {
    return Manifests.examplePolicies();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplePolicies")
  void exampleIsAcceptedByTheCrd(Path example) {
    JsonNode manifest = Manifests.read(example);

    assertThat(validator.violations(manifest)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplePolicies")
  void exampleTargetsTheDemoServiceWithTheTokenSecretAndNoNamespace(Path example) {
    JsonNode spec = Manifests.read(example).path("spec");

    assertThat(Manifests.read(example).path("metadata").has("namespace"))
        .as("namespace is given at apply time").isFalse();
    assertThat(spec.path("service").path("project").asText()).isEqualTo("demo-project");
    assertThat(spec.path("service").path("serviceName").asText()).isEqualTo("pg-demo");
    assertThat(spec.path("authSecretRef").path("name").asText()).isEqualTo("aiven-token");
    assertThat(spec.path("authSecretRef").path("key").asText()).isEqualTo("token");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplePolicies")
  void exampleStartsWithACommentSayingWhatItDoes(Path example) throws Exception {
    List<String> header = Files.readAllLines(example).stream().takeWhile(l -> l.startsWith("#")).toList();

    assertThat(header).hasSizeGreaterThanOrEqualTo(3);
  }
}
