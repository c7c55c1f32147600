package dev.pgaudit.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgQuoteTest {

  @Test
  void identifiersAreAlwaysDoubleQuotedWithEmbeddedQuotesDoubled() {
    assertThat(PgQuote.identifier("avnadmin")).isEqualTo("\"avnadmin\"");
    assertThat(PgQuote.identifier("Sales DB")).isEqualTo("\"Sales DB\"");
    assertThat(PgQuote.identifier("o'brien \"the\" dev")).isEqualTo("\"o'brien \"\"the\"\" dev\"");
  }

  @Test
  void literalsDoubleSingleQuotesAndLeaveBackslashesPlain() {
    assertThat(PgQuote.literal("read, write")).isEqualTo("'read, write'");
    assertThat(PgQuote.literal("it's")).isEqualTo("'it''s'");
    assertThat(PgQuote.literal("C:\\data")).isEqualTo("'C:\\data'");
  }

  @Test
  void nulIsRefusedBecausePostgresCannotStoreIt() {
    assertThatThrownBy(() -> PgQuote.identifier("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PostgreSQL name cannot contain NUL");
    assertThatThrownBy(() -> PgQuote.literal("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PostgreSQL value cannot contain NUL");
  }
}
