package dev.pgaudit.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.LogLevel;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AuditSettingTableTest {

  /** name | CRD field | Aiven key | SQL parameter | Aiven default | pgaudit default | value type */
  private static String row(AuditSettingTable row) {
    return String.join(" | ", row.name(), row.crdField(), row.aivenKey(),
        row.sqlParameter().map(PgAuditSetting::guc).orElse("-"),
        row.aivenDefault().map(String::valueOf).orElse("-"),
        row.pgauditDefault() == null ? "-" : "'" + row.pgauditDefault() + "'",
        row.valueType().name());
  }

  @Test
  void eachSettingIsExactlyOneRow() {
    assertThat(Arrays.stream(AuditSettingTable.values()).map(AuditSettingTableTest::row)).containsExactly(
        "LOG | log | log | pgaudit.log | [] | 'none' | CLASS_LIST",
        "LOG_CATALOG | settings.logCatalog | log_catalog | pgaudit.log_catalog | true | 'on' | BOOLEAN",
        "LOG_CLIENT | settings.logClient | log_client | pgaudit.log_client | false | 'off' | BOOLEAN",
        "LOG_LEVEL | settings.logLevel | log_level | pgaudit.log_level | log | 'log' | LEVEL",
        "LOG_PARAMETER | settings.logParameter | log_parameter | pgaudit.log_parameter | false | 'off' | BOOLEAN",
        "LOG_PARAMETER_MAX_SIZE | settings.logParameterMaxSize | log_parameter_max_size"
            + " | pgaudit.log_parameter_max_size | 0 | '0' | INTEGER",
        "LOG_RELATION | settings.logRelation | log_relation | pgaudit.log_relation | false | 'off' | BOOLEAN",
        "LOG_ROWS | settings.logRows | log_rows | pgaudit.log_rows | false | 'off' | BOOLEAN",
        "LOG_STATEMENT | settings.logStatement | log_statement | pgaudit.log_statement | true | 'on' | BOOLEAN",
        "LOG_STATEMENT_ONCE | settings.logStatementOnce | log_statement_once | pgaudit.log_statement_once"
            + " | false | 'off' | BOOLEAN",
        "ROLE | settings.role | role | pgaudit.role | - | '' | TEXT",
        "LOG_MAX_STRING_LENGTH | settings.logMaxStringLength | log_max_string_length | - | -1 | - | INTEGER",
        "LOG_NESTED_STATEMENTS | settings.logNestedStatements | log_nested_statements | - | true | - | BOOLEAN");
  }

  @Test
  void everyPostgresParameterHasItsRow() {
    for (PgAuditSetting parameter : PgAuditSetting.values()) {
      assertThat(AuditSettingTable.of(parameter).sqlParameter()).contains(parameter);
    }
  }

  @Test
  void theCrdSettingsAreExactlyTheTablesSettingsFields() {
    List<String> crdFields = Arrays.stream(AuditSettings.class.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers())).map(f -> "settings." + f.getName()).toList();
    assertThat(crdFields).containsExactlyInAnyOrderElementsOf(Arrays.stream(AuditSettingTable.values())
        .filter(r -> r != AuditSettingTable.LOG).map(AuditSettingTable::crdField).toList());
  }

  @Test
  void eachRowReadsItsOwnFieldAndNoOther() {
    ObjectMapper json = new ObjectMapper();
    for (AuditSettingTable row : AuditSettingTable.values()) {
      if (row == AuditSettingTable.LOG) continue;
      Object sample = switch (row.valueType()) {
        case BOOLEAN -> true;
        case INTEGER -> 7;
        case LEVEL -> "notice";
        default -> "auditor";
      };
      PgAuditPolicySpec spec = new PgAuditPolicySpec();
      spec.setSettings(json.convertValue(Map.of(row.crdField().substring("settings.".length()), sample), AuditSettings.class));
      assertThat(Stream.of(AuditSettingTable.values()).filter(r -> r != AuditSettingTable.LOG && r.valueIn(spec) != null))
          .as(row.crdField()).containsExactly(row);
      Object read = row.valueIn(spec);
      assertThat(read).isEqualTo(row.valueType() == PgAuditSetting.Kind.LEVEL ? LogLevel.notice : sample);
    }
  }

  @Test
  void theLogClassesAreReadFromTheSpecsLog() {
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setLog(List.of(AuditClass.ALL, AuditClass.NOT_MISC));
    assertThat(AuditSettingTable.LOG.valueIn(spec)).isEqualTo(List.of(AuditClass.ALL, AuditClass.NOT_MISC));
    assertThat(AuditSettingTable.LOG_CATALOG.valueIn(spec)).as("no settings block: nothing managed").isNull();
  }

  @Test
  void crdValuesBecomeAivenJson() {
    assertThat(AuditSettingTable.aivenValue(List.of(AuditClass.DDL, AuditClass.READ))).isEqualTo(List.of("ddl", "read"));
    assertThat(AuditSettingTable.aivenValue(LogLevel.notice)).isEqualTo("notice");
    assertThat(AuditSettingTable.aivenValue(false)).isEqualTo(false);
    assertThat(AuditSettingTable.aivenValue(100)).isEqualTo(100);
    assertThat(AuditSettingTable.aivenValue("auditor")).isEqualTo("auditor");
  }

  @Test
  void crdAndAivenValuesBecomeTheTextPgauditTakes() {
    assertThat(AuditSettingTable.pgauditText(List.of(AuditClass.ALL, AuditClass.NOT_MISC))).isEqualTo("all, -misc");
    assertThat(AuditSettingTable.pgauditText(List.of("ddl", "role"))).isEqualTo("ddl, role");
    assertThat(AuditSettingTable.pgauditText(List.of())).isEqualTo("");
    assertThat(AuditSettingTable.pgauditText(true)).isEqualTo("on");
    assertThat(AuditSettingTable.pgauditText(false)).isEqualTo("off");
    assertThat(AuditSettingTable.pgauditText(LogLevel.debug2)).isEqualTo("debug2");
    assertThat(AuditSettingTable.pgauditText(0)).isEqualTo("0");
    assertThat(AuditSettingTable.pgauditText("Audit Role")).isEqualTo("Audit Role");
  }

  @Test
  void aivenDefaultsAreTheRowsWithADefault() {
    assertThat(Planner.AIVEN_DEFAULTS).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("log", List.of()),
        Map.entry("log_catalog", true),
        Map.entry("log_client", false),
        Map.entry("log_level", "log"),
        Map.entry("log_max_string_length", -1),
        Map.entry("log_nested_statements", true),
        Map.entry("log_parameter", false),
        Map.entry("log_parameter_max_size", 0),
        Map.entry("log_relation", false),
        Map.entry("log_rows", false),
        Map.entry("log_statement", true),
        Map.entry("log_statement_once", false)));
  }
}
