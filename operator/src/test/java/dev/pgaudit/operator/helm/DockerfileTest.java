package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile cannot be built here (no Docker engine): check it agrees with the runtime contract
 * and the chart (jar path, user, port), that its JVM flags behave as documented, and that
 * .dockerignore lets the jar into the context.
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
        .contains(" -jar ").contains("-XX:MaxRAMPercentage=").contains("pgaudit-operator.jar");
    String copiedTo = instructions("COPY").get(0).split("\\s+")[2];
    assertThat(instructions("ENTRYPOINT").get(0)).contains("-jar " + copiedTo + "\"");
  }

  /**
   * The ENTRYPOINT's command, run here with this JDK's java in place of the image's and
   * -XX:+PrintFlagsFinal -version in place of the jar: the defaults hold, JAVA_OPTS overrides them,
   * and JAVA_TOOL_OPTIONS cannot (which is why values.yaml says JAVA_OPTS).
   */
  @Test
  void javaOptsOverrideTheImageDefaultsAndJavaToolOptionsCannot() throws Exception {
    JsonNode entrypoint = new ObjectMapper().readTree(instructions("ENTRYPOINT").get(0).substring("ENTRYPOINT ".length()));
    assertThat(entrypoint.size()).isEqualTo(3);
    assertThat(entrypoint.get(0).asText() + " " + entrypoint.get(1).asText()).isEqualTo("/bin/sh -c");
    String command = entrypoint.get(2).asText();
    assertThat(command).startsWith("exec java ").contains(" $JAVA_OPTS -jar ");
    String probe = command.replaceFirst("^exec java ", "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' ")
        .replaceFirst(" -jar \\S+$", " -XX:+PrintFlagsFinal -version");

    assertThat(flags(probe, Map.of())).containsEntry("MaxRAMPercentage", "60.000000").containsEntry("ExitOnOutOfMemoryError", "true");
    assertThat(flags(probe, Map.of("JAVA_OPTS", "-XX:MaxRAMPercentage=45 -XX:+UseSerialGC")))
        .containsEntry("MaxRAMPercentage", "45.000000").containsEntry("UseSerialGC", "true")
        .containsEntry("ExitOnOutOfMemoryError", "true");
    assertThat(flags(probe, Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=45")))
        .as("the JVM reads JAVA_TOOL_OPTIONS before the command line").containsEntry("MaxRAMPercentage", "60.000000");
    assertThat(Files.readString(Chart.dir().resolve("values.yaml")))
        .contains("- name: JAVA_OPTS").doesNotContain("- name: JAVA_TOOL_OPTIONS");
  }

  /** -XX:+PrintFlagsFinal of the JVM {@code command} starts under /bin/sh, as name → value. */
  private static Map<String, String> flags(String command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
    pb.environment().keySet().removeAll(List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
    pb.environment().putAll(env);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, String> flags = new HashMap<>();
    Matcher m = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\S+)", Pattern.MULTILINE).matcher(output);
    while (m.find()) flags.put(m.group(1), m.group(2));
    return flags;
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
