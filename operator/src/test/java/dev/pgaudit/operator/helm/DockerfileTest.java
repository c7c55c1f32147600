package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile cannot be built here (no Docker engine): check it agrees with the runtime contract
 * and the chart (jar path, user, port), and that .dockerignore lets the jar into the context.
 */
class DockerfileTest {
  private final List<String> dockerfile = lines("Dockerfile");

  @Test
  void runsTheRunnableJarOnAJre17AsTheChartsUser() {
    assertThat(instructions("FROM")).singleElement().asString().matches("FROM eclipse-temurin:17-jre\\S*");
    assertThat(instructions("COPY")).singleElement().asString().startsWith("COPY " + RuntimeContract.JAR + " ");
    assertThat(instructions("USER")).containsExactly("USER " + RuntimeContract.USER_ID + ":" + RuntimeContract.USER_ID);
    assertThat(instructions("EXPOSE")).containsExactly("EXPOSE " + RuntimeContract.HTTP_PORT);
    assertThat(instructions("ENTRYPOINT")).singleElement().asString()
        .contains("\"-jar\"").contains("-XX:MaxRAMPercentage=").contains("pgaudit-operator.jar");
    String copiedTo = instructions("COPY").get(0).split("\\s+")[2];
    assertThat(instructions("ENTRYPOINT").get(0)).contains("\"" + copiedTo + "\"");
  }

  @Test
  void dockerignoreKeepsOnlyTheJarInTheContext() {
    assertThat(lines(".dockerignore").stream().filter(l -> !l.isBlank() && !l.startsWith("#")))
        .containsExactly("*", "!" + RuntimeContract.JAR);
  }

  private List<String> instructions(String keyword) {
    return dockerfile.stream().filter(l -> l.startsWith(keyword + " ")).toList();
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(RepoPaths.root().resolve(file));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
