package dev.pgaudit.operator.postgres;

import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_LEVEL;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_PARAMETER_MAX_SIZE;
import static dev.pgaudit.operator.postgres.PgAuditSetting.LOG_RELATION;
import static dev.pgaudit.operator.postgres.PgAuditSetting.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingValuesTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
      read                           | read
      READ                           | read
      ' read , ddl '                 | ddl read
      'Read,DDL'                     | ddl read
      'ddl, read'                    | ddl read
      '"read", "DDL"'                | ddl read
      'all'                          | ddl function misc misc_set read role write
      'all, -misc'                   | ddl function read role write
      '-misc, all'                   | ddl function misc misc_set read role write
      'all, -misc_set'               | ddl function misc read role write
      'misc'                         | misc misc_set
      'misc_set'                     | misc_set
      'MISC_SET, Function, ROLE, write, DDL' | ddl function misc_set role write
      'none'                         | ''
      ''                             | ''
      '   '                          | ''
      'read, none'                   | read
      'read, -none'                  | read
      '-all'                         | ''
      'read, -read'                  | ''
      '"-read", all'                 | ddl function misc misc_set read role write
      'all, "-read"'                 | ddl function misc misc_set role write
      'bogus'                        | INVALID
      'read,bogus'                   | INVALID
      'read;ddl'                     | INVALID
      'read ddl'                     | INVALID
      '- read'                       | INVALID
      'read,,ddl'                    | INVALID
      'read,'                        | INVALID
      ',read'                        | INVALID
      '"read'                        | INVALID
      '""'                           | INVALID
      """)
  void logClassesAreTheEffectiveSetReadLeftToRight(String raw, String expected) {
    Optional<Set<String>> classes = SettingValues.logClasses(raw);
    if (expected == null) {
      assertThat(classes).isEmpty();
    } else {
      String[] names = expected.isBlank() ? new String[0] : expected.split(" ");
      assertThat(classes).hasValueSatisfying(c -> assertThat(c).containsExactlyInAnyOrder(names));
    }
  }

  @ParameterizedTest(name = "[{1}] vs [{2}] -> {0}")
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      true  | read, ddl          | 'DDL,READ'
      true  | 'all, -misc'       | 'ddl, function, read, role, write'
      false | 'all, -misc'       | '-misc, all'
      false | 'all, -misc'       | 'all'
      true  | 'misc'             | 'misc, misc_set'
      false | 'misc'             | 'misc_set'
      true  | ''                 | 'none'
      true  | 'none'             | '-all'
      false | 'none'             | 'read'
      false | 'bogus'            | 'BOGUS'
      true  | 'bogus'            | 'bogus'
      true  | NULL               | NULL
      false | NULL               | ''
      false | 'read'             | NULL
      """)
  void classListsCompareByEffectiveSet(boolean same, String a, String b) {
    assertThat(SettingValues.sameMeaning(LOG, a, b)).isEqualTo(same);
    assertThat(SettingValues.sameMeaning(LOG, b, a)).isEqualTo(same);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
      on    | true
      ON    | true
      On    | true
      off   | false
      OFF   | false
      of    | false
      Of    | false
      true  | true
      TRUE  | true
      t     | true
      tr    | true
      tru   | true
      false | false
      f     | false
      fal   | false
      yes   | true
      y     | true
      YE    | true
      no    | false
      n     | false
      1     | true
      0     | false
      o     | INVALID
      onn   | INVALID
      offf  | INVALID
      truex | INVALID
      maybe | INVALID
      2     | INVALID
      10    | INVALID
      ''    | INVALID
      ' on' | INVALID
      """)
  void booleansParseLikePostgres(String raw, Boolean expected) {
    assertThat(SettingValues.parseBoolean(raw)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "[{1}] vs [{2}] -> {0}")
  @CsvSource(delimiter = '|', textBlock = """
      true  | on    | true
      true  | yes   | 1
      true  | Of    | false
      true  | 0     | n
      false | on    | off
      false | maybe | on
      true  | maybe | maybe
      """)
  void booleansCompareByValue(boolean same, String a, String b) {
    assertThat(SettingValues.sameMeaning(LOG_RELATION, a, b)).isEqualTo(same);
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "INVALID", textBlock = """
      0          | 0
      1024       | 1024
      ' 1024 '   | 1024
      +7         | 7
      -7         | -7
      0x400      | 1024
      0X1f       | 31
      010        | 8
      1.5        | 2
      2.5        | 2
      1e3        | 1000
      08         | INVALID
      abc        | INVALID
      1d         | INVALID
      1kB        | INVALID
      ''         | INVALID
      99999999999999999999 | INVALID
      """)
  void integersParseLikePostgres(String raw, Long expected) {
    OptionalLong parsed = SettingValues.parseInteger(raw);
    if (expected == null) assertThat(parsed).isEmpty();
    else assertThat(parsed).hasValue(expected);
  }

  @Test
  void integersCompareNumerically() {
    assertThat(SettingValues.sameMeaning(LOG_PARAMETER_MAX_SIZE, "1024", " 0x400")).isTrue();
    assertThat(SettingValues.sameMeaning(LOG_PARAMETER_MAX_SIZE, "1024", "1025")).isFalse();
    assertThat(SettingValues.sameMeaning(LOG_PARAMETER_MAX_SIZE, "abc", "0")).isFalse();
  }

  @ParameterizedTest(name = "[{1}] vs [{2}] -> {0}")
  @CsvSource(delimiter = '|', textBlock = """
      true  | log     | LOG
      true  | debug   | debug2
      true  | DEBUG   | Debug2
      false | debug   | debug1
      true  | Notice  | notice
      false | notice  | warning
      false | error   | ERROR
      true  | error   | error
      """)
  void levelsCompareCaseInsensitivelyWithTheDebugAlias(boolean same, String a, String b) {
    assertThat(SettingValues.sameMeaning(LOG_LEVEL, a, b)).isEqualTo(same);
  }

  @Test
  void theAuditRoleIsCompared_exactly_becausePgauditUsesTheRawName() {
    assertThat(SettingValues.sameMeaning(ROLE, "auditor", "auditor")).isTrue();
    assertThat(SettingValues.sameMeaning(ROLE, "auditor", "Auditor")).isFalse();
    assertThat(SettingValues.sameMeaning(ROLE, "Audit Team", "\"Audit Team\"")).isFalse();
    assertThat(SettingValues.sameMeaning(ROLE, "", "")).isTrue();
  }

  @Test
  void everySettingKindTreatsNullAsNotStored() {
    for (PgAuditSetting setting : PgAuditSetting.values()) {
      assertThat(SettingValues.sameMeaning(setting, null, null)).as(setting.guc()).isTrue();
      assertThat(SettingValues.sameMeaning(setting, null, "on")).as(setting.guc()).isFalse();
    }
  }
}
