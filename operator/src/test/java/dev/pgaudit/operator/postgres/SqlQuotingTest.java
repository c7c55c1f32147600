package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlQuotingTest {

  static Stream<Arguments> identifiers() {
    return Stream.of(
        arguments("orders", "\"orders\""),
        arguments("Sales DB", "\"Sales DB\""),
        arguments("user", "\"user\""),
        arguments("x\"; DROP DATABASE postgres; --", "\"x\"\"; DROP DATABASE postgres; --\""),
        arguments("o'brien \"the\" dev", "\"o'brien \"\"the\"\" dev\""),
        arguments("données_日本", "\"données_日本\""),
        arguments("a;b -- c", "\"a;b -- c\""),
        arguments("\"", "\"\"\"\""),
        arguments("'", "\"'\""),
        arguments("back\\slash", "\"back\\slash\""));
  }

  @ParameterizedTest(name = "identifier [{0}] -> {1}")
  @MethodSource("identifiers")
  void identifiersAreAlwaysDoubleQuotedWithEmbeddedQuotesDoubled(String name, String quoted) {
    assertThat(SqlQuoting.identifier(name)).isEqualTo(quoted);
  }

  static Stream<Arguments> literals() {
    return Stream.of(
        arguments("read, ddl", "'read, ddl'"),
        arguments("o'brien", "'o''brien'"),
        arguments("'; DROP ROLE app; --", "'''; DROP ROLE app; --'"),
        arguments("\"Audit Team\"", "'\"Audit Team\"'"),
        arguments("back\\slash", "'back\\slash'"),
        arguments("''", "''''''"),
        arguments("", "''"));
  }

  @ParameterizedTest(name = "literal [{0}] -> {1}")
  @MethodSource("literals")
  void literalsAreSingleQuotedWithEmbeddedQuotesDoubled(String value, String quoted) {
    assertThat(SqlQuoting.literal(value)).isEqualTo(quoted);
  }

  @Test
  void withoutStandardConformingStringsBackslashesAreDoubledToo() {
    assertThat(SqlQuoting.literal("a\\b'c", false)).isEqualTo("'a\\\\b''c'");
    assertThat(SqlQuoting.literal("a\\b'c", true)).isEqualTo("'a\\b''c'");
  }

  @Test
  void nulCannotBeQuoted() {
    assertThatThrownBy(() -> SqlQuoting.identifier("a\0b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SqlQuoting.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }
}
