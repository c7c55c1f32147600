package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementKindTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ALTER DATABASE \"orders\" SET pgaudit.log = 'ddl'                 | SET",
      "ALTER ROLE \"app\" IN DATABASE \"orders\" SET pgaudit.log TO 'read' | SET",
      "alter role \"app\" reset pgaudit.log                              | RESET",
      "ALTER ROLE \"reset\" SET pgaudit.log = 'reset'                     | SET",
      "ALTER DATABASE \"set\" RESET pgaudit.log_level                    | RESET",
      "ALTER ROLE \"a\"\"RESET\" SET pgaudit.log = 'x'                      | SET",
      "SELECT 1                                                         | OTHER"})
  void classifiesByKeywordOutsideQuotes(String statement, StatementKind kind) {
    assertThat(StatementKind.of(statement)).isEqualTo(kind);
  }
}
