package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.postgres.Finding.Kind;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorsTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      42501 | permission denied to set parameter "pgaudit.log" | MISSING_PRIVILEGE
      42501 | must be owner of database orders                 | NOT_OWNER
      42501 | must be superuser to alter superusers            | MISSING_PRIVILEGE
      42501 | permission denied to alter role                  | MISSING_PRIVILEGE
      42704 | role "app" does not exist                        | ROLE_NOT_FOUND
      3D000 | database "orders" does not exist                 | DATABASE_NOT_FOUND
      22023 | invalid value for parameter "pgaudit.log": "x"   | INVALID_VALUE
      08001 | Connection to 127.0.0.1:5432 refused             | CONNECTION_FAILED
      08006 | An I/O error occurred while sending to the backend | CONNECTION_FAILED
      57P01 | terminating connection due to administrator command | CONNECTION_FAILED
      NULL  | something without a state                        | CONNECTION_FAILED
      42601 | syntax error at or near "$1"                     | OTHER
      """)
  void sqlStatesBecomeFindingKinds(String state, String message, Kind kind) {
    assertThat(SqlErrors.kindOf(new SQLException(message, state))).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      42501 | must be owner of database orders | Cannot set pgaudit.log on database "orders": must be owner of database orders (SQLSTATE 42501).
      08006 | An I/O error occurred.\\nmore     | Cannot set pgaudit.log on database "orders" because the connection to PostgreSQL failed: An I/O error occurred.
      """)
  void aFailedWriteIsOneSentenceNamingSettingAndTarget(String state, String message, String expected) {
    SqlSettingsException e = SqlErrors.failedWrite(
        new SQLException(message.replace("\\n", "\n"), state), new SqlTarget.Database("orders"), PgAuditSetting.LOG, false);
    assertThat(e.getMessage()).isEqualTo(expected);
    assertThat(e.finding().setting()).isEqualTo(PgAuditSetting.LOG);
    assertThat(e.finding().target()).isEqualTo(new SqlTarget.Database("orders"));
  }
}
