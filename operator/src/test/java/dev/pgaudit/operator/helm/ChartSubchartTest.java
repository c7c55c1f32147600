package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart as a dependency of a parent chart (an umbrella chart of a platform team): Helm hands
 * every subchart the parent's global values, which values.schema.json must let through.
 */
class ChartSubchartTest {
  @TempDir Path parent;

  @Test
  void rendersAsASubchartWithGlobalValuesAndItsOwnValuesFromTheParent() throws IOException {
    copy(Chart.dir(), parent.resolve("charts").resolve("pgaudit-operator"));
    Files.writeString(parent.resolve("Chart.yaml"), """
        apiVersion: v2
        name: platform
        version: 1.0.0
        dependencies:
          - name: pgaudit-operator
            version: 0.1.0
        """);
    Files.writeString(parent.resolve("values.yaml"), """
        global:
          imageRegistry: registry.example.com
        pgaudit-operator:
          watchNamespaces: [team-a]
          logLevel: DEBUG
        """);

    Rendered rendered = Chart.render(new Helm(parent).template().withName("platform").withNamespace("platform-system")
        .withKubeVersion(Chart.KUBE_VERSION));

    assertThat(rendered.envValue("PGAUDIT_WATCH_NAMESPACES")).isEqualTo("team-a");
    assertThat(rendered.envValue("PGAUDIT_LOG_LEVEL")).isEqualTo("DEBUG");
    assertThat(rendered.ofKind("Role")).extracting(r -> r.path("metadata").path("namespace").asText())
        .containsExactlyInAnyOrder("team-a", "platform-system", "platform-system"); // watching; Lease; applied records
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(f -> {
        try {
          Path target = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) Files.createDirectories(target);
          else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
