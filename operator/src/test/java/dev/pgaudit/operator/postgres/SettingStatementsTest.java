package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingStatementsTest {

  @Test
  void everyTargetKindGetsItsOwnStatementHead() {
    assertThat(SettingStatements.set(new SqlTarget.Database("orders"), PgAuditSetting.LOG, "read, ddl"))
        .isEqualTo("ALTER DATABASE \"orders\" SET pgaudit.log = 'read, ddl'");
    assertThat(SettingStatements.set(new SqlTarget.Role("App"), PgAuditSetting.LOG_CATALOG, "off"))
        .isEqualTo("ALTER ROLE \"App\" SET pgaudit.log_catalog = 'off'");
    assertThat(SettingStatements.set(new SqlTarget.RoleInDatabase("app", "orders"), PgAuditSetting.ROLE, "Audit Team"))
        .isEqualTo("ALTER ROLE \"app\" IN DATABASE \"orders\" SET pgaudit.role = 'Audit Team'");
    assertThat(SettingStatements.reset(new SqlTarget.RoleInDatabase("app", "orders"), PgAuditSetting.LOG_LEVEL))
        .isEqualTo("ALTER ROLE \"app\" IN DATABASE \"orders\" RESET pgaudit.log_level");
  }

  @Test
  void hostileNamesAndValuesStayInsideTheirQuotes() {
    SqlTarget target = new SqlTarget.RoleInDatabase("o'brien \"the\" dev", "x\"; DROP DATABASE postgres; --");
    assertThat(SettingStatements.set(target, PgAuditSetting.LOG, "read'; DROP ROLE x; --"))
        .isEqualTo("ALTER ROLE \"o'brien \"\"the\"\" dev\" IN DATABASE \"x\"\"; DROP DATABASE postgres; --\""
            + " SET pgaudit.log = 'read''; DROP ROLE x; --'");
  }

  @Test
  void aNullValueIsNotASet() {
    assertThatThrownBy(() -> SettingStatements.set(new SqlTarget.Role("app"), PgAuditSetting.LOG, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
