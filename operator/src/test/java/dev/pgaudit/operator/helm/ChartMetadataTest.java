package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Chart.yaml and values.yaml: the versions and defaults users see first. */
class ChartMetadataTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void chartIsAHelm3ApplicationChartOfTheOperatorVersion() throws IOException {
    JsonNode chart = YAML.readTree(Chart.dir().resolve("Chart.yaml").toFile());

    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("pgaudit-operator");
    assertThat(chart.path("type").asText()).isEqualTo("application");
    assertThat(chart.path("appVersion").asText()).isEqualTo(operatorVersion());
  }

  /** The CRD's CEL validation rules need Kubernetes 1.25: helm refuses older clusters up front. */
  @Test
  void kubeVersionRequiresTheClustersTheCrdWorksOn() throws IOException {
    JsonNode chart = YAML.readTree(Chart.dir().resolve("Chart.yaml").toFile());
    assertThat(chart.path("kubeVersion").asText()).isEqualTo(">=1.25.0-0");

    for (String supported : List.of("v1.25.0", "v1.29.4+k3s1", "v1.31.2-eks-7f9249a", "v1.33.0")) {
      assertThat(Chart.render(Chart.base().withKubeVersion(supported)).ofKind("Deployment")).as(supported).hasSize(1);
    }
    assertThatThrownBy(() -> Chart.render(Chart.base().withKubeVersion("v1.24.17")))
        .hasMessageContaining("kubeVersion");
  }

  /** Every top-level key of values.yaml has a comment right above it. */
  @Test
  void everyTopLevelValueIsDocumented() throws IOException {
    List<String> lines = Files.readAllLines(Chart.dir().resolve("values.yaml"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("^[a-zA-Z][a-zA-Z0-9]*:.*")) {
        keys.add(lines.get(i));
        assertThat(lines.get(i - 1)).as("comment above values.yaml line %d: %s", i + 1, lines.get(i)).startsWith("#");
      }
    }
    assertThat(keys).hasSizeGreaterThan(15);
  }

  /** The operator module's version without -SNAPSHOT: appVersion follows the product. */
  private static String operatorVersion() throws IOException {
    String pom = Files.readString(RepoPaths.root().resolve("pom.xml"));
    Matcher m = Pattern.compile("<artifactId>pgaudit-operator-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).as("parent version in pom.xml").isTrue();
    return m.group(1).replace("-SNAPSHOT", "");
  }
}
