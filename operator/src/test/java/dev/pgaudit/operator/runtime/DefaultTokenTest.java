package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultTokenTest {
  @TempDir Path dir;

  private static DefaultToken token(Map<String, String> env) {
    return new DefaultToken(OperatorConfig.parse(env, TestRuntimes.HOST));
  }

  @Test
  void theFileWinsAndIsReadAgainAtEachUse() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first-token\n");
    DefaultToken token = token(Map.of("PGAUDIT_AIVEN_TOKEN", "env-token", "PGAUDIT_AIVEN_TOKEN_FILE", file.toString()));

    assertThat(token.get()).isEqualTo("first-token");
    Files.writeString(file, "rotated-token");
    assertThat(token.get()).isEqualTo("rotated-token");
    assertThat(token.source()).isEqualTo("file " + file + " (PGAUDIT_AIVEN_TOKEN_FILE)");
  }

  @Test
  void aMissingFileGivesNoTokenUntilItAppears() throws Exception {
    Path file = dir.resolve("later");
    DefaultToken token = token(Map.of("PGAUDIT_AIVEN_TOKEN", "env-token", "PGAUDIT_AIVEN_TOKEN_FILE", file.toString()));

    assertThat(token.get()).isNull();
    Files.writeString(file, "now-there");
    assertThat(token.get()).isEqualTo("now-there");
  }

  @Test
  void theEnvironmentVariableServesWithoutAFile() {
    DefaultToken token = token(Map.of("PGAUDIT_AIVEN_TOKEN", "env-token"));
    assertThat(token.get()).isEqualTo("env-token");
    assertThat(token.source()).isEqualTo("environment variable PGAUDIT_AIVEN_TOKEN");
    assertThat(token.toString()).doesNotContain("env-token");
  }

  @Test
  void noneConfiguredSaysHowToConfigureIt() {
    DefaultToken token = token(Map.of());
    assertThat(token.get()).isNull();
    assertThat(token.source()).contains("PGAUDIT_AIVEN_TOKEN_FILE", "PGAUDIT_AIVEN_TOKEN");
  }
}
