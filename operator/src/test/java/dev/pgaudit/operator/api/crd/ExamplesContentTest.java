package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * examples/ covers what the issue asks for (every scope, a sink, DryRun, Orphan, the Secrets),
 * and the policies can all be applied together, as the demo does, without conflicting.
 */
class ExamplesContentTest {
  private static final Set<String> CONNECTION_KEYS =
      Set.of("uri", "host", "port", "user", "password", "dbname", "sslmode", "sslrootcert");

  private final List<JsonNode> policies = Manifests.examplePolicies().stream().map(Manifests::read).toList();

  @Test
  void coversEveryScopeASinkDryRunAndOrphan() {
    assertThat(policies).extracting(p -> p.path("spec").path("scope").path("level").asText())
        .contains("Service", "Database", "Role", "DatabaseRole");
    assertThat(policies).anySatisfy(p ->
        assertThat(p.path("spec").path("sink").path("opensearch").path("serviceName").asText()).isEqualTo("os-demo"));
    assertThat(policies).anySatisfy(p -> assertThat(p.path("spec").path("mode").asText()).isEqualTo("DryRun"));
    assertThat(policies).anySatisfy(p -> assertThat(p.path("spec").path("deletionPolicy").asText()).isEqualTo("Orphan"));
  }

  @Test
  void tokenSecretHoldsAPlaceholderUnderKeyToken() {
    JsonNode secret = secretNamed("aiven-token");

    assertThat(secret.path("stringData").path("token").asText()).startsWith("REPLACE-WITH");
    assertThat(secret.path("metadata").has("namespace")).isFalse();
  }

  @Test
  void connectionSecretUsesOnlyKeysTheOperatorReads() {
    JsonNode secret = secretNamed("pg-demo-admin");
    Set<String> keys = new HashSet<>();
    secret.path("stringData").fieldNames().forEachRemaining(keys::add);

    assertThat(keys).isNotEmpty().isSubsetOf(CONNECTION_KEYS);
    assertThat(secret.path("metadata").has("namespace")).isFalse();
  }

  @Test
  void policyNamesAreUnique() {
    assertThat(policies).extracting(p -> p.path("metadata").path("name").asText()).doesNotHaveDuplicates();
  }

  /** Two policies managing one setting on one target would conflict (DESIGN §3). */
  @Test
  void noTwoPoliciesManageTheSameSettingOnTheSameTarget() {
    Map<String, String> owner = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (JsonNode policy : policies) {
      String name = policy.path("metadata").path("name").asText();
      for (String target : targets(policy.path("spec"))) {
        for (String setting : settings(policy.path("spec"))) {
          String previous = owner.putIfAbsent(target + " " + setting, name);
          if (previous != null) {
            clashes.add(target + " " + setting + ": " + previous + " and " + name);
          }
        }
      }
    }

    assertThat(clashes).isEmpty();
  }

  private JsonNode secretNamed(String name) {
    return Manifests.yamlFiles(RepoPaths.examples()).stream().map(Manifests::read)
        .filter(m -> m.path("kind").asText().equals("Secret"))
        .filter(m -> m.path("metadata").path("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no Secret " + name + " in examples/"));
  }

  private static List<String> targets(JsonNode spec) {
    String service = spec.path("service").path("project").asText() + "/" + spec.path("service").path("serviceName").asText();
    JsonNode scope = spec.path("scope");
    List<String> out = new ArrayList<>();
    switch (scope.path("level").asText()) {
      case "Service" -> out.add(service);
      case "Database" -> scope.path("databases").forEach(d -> out.add(service + " database " + d.asText()));
      case "Role" -> scope.path("roles").forEach(r -> out.add(service + " role " + r.asText()));
      default -> scope.path("roles").forEach(r -> scope.path("databases").forEach(d ->
          out.add(service + " role " + r.asText() + " in " + d.asText())));
    }
    return out;
  }

  private static List<String> settings(JsonNode spec) {
    List<String> out = new ArrayList<>(List.of("log"));
    spec.path("settings").fieldNames().forEachRemaining(out::add);
    return out;
  }
}
