package dev.pgaudit.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.operator.api.crd.Manifests;
import dev.pgaudit.testkit.crd.CrdValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example survives YAML -> PgAuditPolicy -> YAML through the Fabric8 serialization the
 * operator uses: no field is lost or renamed, enum spellings (-misc_set, service_name) hold, and
 * the model's Java defaults are the CRD's defaults (the round trip equals the manifest as the API
 * server would store it, defaults filled in).
 */
class PgAuditPolicyRoundTripTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static CrdValidator crd;

  @BeforeAll
  static void loadCrd() {
    crd = CrdValidator.forCommittedCrd();
  }

  static List<Path> examplePolicies() {
    return Manifests.examplePolicies();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplePolicies")
  void exampleRoundTripsThroughTheModel(Path example) throws Exception {
    JsonNode asStored = crd.defaulted(Manifests.read(example));

    PgAuditPolicy policy = SERIALIZATION.unmarshal(Files.readString(example), PgAuditPolicy.class);
    JsonNode roundTripped = YAML.readTree(SERIALIZATION.asYaml(policy));

    assertThat(withoutStatus(roundTripped)).isEqualTo(withoutStatus(asStored));
    // A new policy has no status: the operator writes the first one (an empty status object
    // would make the first JSON patch of status fail against the mock API server).
    assertThat(roundTripped.has("status")).as("a new policy carries no status").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplePolicies")
  void exampleReadsIntoTypedFields(Path example) throws Exception {
    JsonNode manifest = Manifests.read(example);

    PgAuditPolicy policy = SERIALIZATION.unmarshal(Files.readString(example), PgAuditPolicy.class);

    assertThat(policy.getMetadata().getName()).isEqualTo(manifest.path("metadata").path("name").asText());
    assertThat(policy.getSpec().getScope().getLevel().name())
        .isEqualTo(manifest.path("spec").path("scope").path("level").asText());
    assertThat(policy.getSpec().getLog()).extracting(AuditClass::wire)
        .containsExactlyElementsOf(textValues(manifest.path("spec").path("log")));
    assertThat(policy.getSpec().getMode().name())
        .isEqualTo(manifest.path("spec").path("mode").asText(Mode.Enforce.name()));
  }

  private static JsonNode withoutStatus(JsonNode resource) {
    ObjectNode copy = resource.deepCopy();
    copy.remove("status");
    return copy;
  }

  private static List<String> textValues(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
