package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AivenErrorsTest {

  @Test
  void aivenMessageIsTopLevelThenFirstErrorThenRawText() {
    assertThat(AivenErrors.aivenMessage("{\"message\": \"Service x does not exist\", \"errors\": []}"))
        .isEqualTo("Service x does not exist");
    assertThat(AivenErrors.aivenMessage("{\"errors\": [{\"message\": \"nested\", \"status\": 400}]}"))
        .isEqualTo("nested");
    assertThat(AivenErrors.aivenMessage("<html>502 Bad Gateway</html>\n")).isEqualTo("<html>502 Bad Gateway</html>");
    assertThat(AivenErrors.aivenMessage("")).isEqualTo("(empty body)");
    assertThat(AivenErrors.aivenMessage("x".repeat(600))).hasSize(501);
  }

  @Test
  void emptyOrNullTokenScrubsNothing() {
    assertThat(new AivenErrors("s", "").scrub("text")).isEqualTo("text");
    assertThat(new AivenErrors("s", "abc").scrub("xabcx")).isEqualTo("x<redacted>x");
  }
}
