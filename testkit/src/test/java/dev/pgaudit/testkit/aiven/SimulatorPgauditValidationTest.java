package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pgaudit table of the reference (§3), key by key: types, enums, ranges, pattern, unknown keys. */
class SimulatorPgauditValidationTest extends SimulatorFixture {
  static final String CLASSES = "['all', 'ddl', 'function', 'misc', 'misc_set', 'read', 'role', 'write']";
  static final String LEVELS = "['debug1', 'debug2', 'debug3', 'debug4', 'debug5', 'info', 'log', 'notice', 'warning']";
  static final String ROLE_PATTERN = "'^[_A-Za-z0-9][-._A-Za-z0-9]{0,63}$'";

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("feature_enabled", "true"),
        Arguments.of("feature_enabled", "false"),
        Arguments.of("log", "[]"),
        Arguments.of("log", "['all', 'ddl', 'function', 'misc', 'misc_set', 'read', 'role', 'write']"),
        Arguments.of("log_catalog", "false"),
        Arguments.of("log_client", "true"),
        Arguments.of("log_level", "'debug1'"),
        Arguments.of("log_level", "'debug5'"),
        Arguments.of("log_level", "'info'"),
        Arguments.of("log_level", "'notice'"),
        Arguments.of("log_level", "'warning'"),
        Arguments.of("log_max_string_length", "-1"),
        Arguments.of("log_max_string_length", "102400"),
        Arguments.of("log_nested_statements", "false"),
        Arguments.of("log_parameter", "true"),
        Arguments.of("log_parameter_max_size", "-5"),
        Arguments.of("log_parameter_max_size", "9999999999"),
        Arguments.of("log_relation", "true"),
        Arguments.of("log_rows", "true"),
        Arguments.of("log_statement", "false"),
        Arguments.of("log_statement_once", "true"),
        Arguments.of("role", "'auditor'"),
        Arguments.of("role", "'_a.b-c_9'"),
        Arguments.of("role", "'" + "r".repeat(64) + "'"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("accepted")
  void acceptsEveryValidValueAndStoresItAsSent(String key, String value) {
    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'" + key + "': " + value + "}}");

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    Object stored = ((Map<?, ?>) sim.userConfig(PROJECT, PG).get("pgaudit")).get(key);
    com.fasterxml.jackson.databind.JsonNode storedJson = RawAiven.JSON.valueToTree(stored);
    assertThat(storedJson).isEqualTo(answer.body().path("service").path("user_config").path("pgaudit").path(key));
    assertThat(storedJson.toString()).isEqualTo(RawAiven.json(value).replace(", ", ","));
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("feature_enabled", "'yes'", "'yes' is not of type 'boolean'"),
        Arguments.of("feature_enabled", "1", "1 is not of type 'boolean'"),
        Arguments.of("feature_enabled", "null", "None is not of type 'boolean'"),
        Arguments.of("log", "'ddl'", "'ddl' is not of type 'array'"),
        Arguments.of("log", "['ddl', 'bogus']", "'bogus' is not one of " + CLASSES),
        Arguments.of("log", "['-ddl']", "'-ddl' is not one of " + CLASSES),
        Arguments.of("log", "['none']", "'none' is not one of " + CLASSES),
        Arguments.of("log", "[1]", "1 is not of type 'string'"),
        Arguments.of("log", "null", "None is not of type 'array'"),
        Arguments.of("log_catalog", "'true'", "'true' is not of type 'boolean'"),
        Arguments.of("log_client", "0", "0 is not of type 'boolean'"),
        Arguments.of("log_level", "'loud'", "'loud' is not one of " + LEVELS),
        Arguments.of("log_level", "'LOG'", "'LOG' is not one of " + LEVELS),
        Arguments.of("log_level", "3", "3 is not of type 'string'"),
        Arguments.of("log_max_string_length", "-2", "-2 is less than the minimum of -1"),
        Arguments.of("log_max_string_length", "102401", "102401 is greater than the maximum of 102400"),
        Arguments.of("log_max_string_length", "'5'", "'5' is not of type 'integer'"),
        Arguments.of("log_max_string_length", "1.5", "1.5 is not of type 'integer'"),
        Arguments.of("log_max_string_length", "true", "True is not of type 'integer'"),
        Arguments.of("log_nested_statements", "null", "None is not of type 'boolean'"),
        Arguments.of("log_parameter", "'false'", "'false' is not of type 'boolean'"),
        Arguments.of("log_parameter_max_size", "'big'", "'big' is not of type 'integer'"),
        Arguments.of("log_relation", "[]", "[] is not of type 'boolean'"),
        Arguments.of("log_rows", "{}", "{} is not of type 'boolean'"),
        Arguments.of("log_statement", "'on'", "'on' is not of type 'boolean'"),
        Arguments.of("log_statement_once", "null", "None is not of type 'boolean'"),
        Arguments.of("role", "'-auditor'", "'-auditor' does not match " + ROLE_PATTERN),
        Arguments.of("role", "'.auditor'", "'.auditor' does not match " + ROLE_PATTERN),
        Arguments.of("role", "'audit or'", "'audit or' does not match " + ROLE_PATTERN),
        Arguments.of("role", "''", "'' does not match " + ROLE_PATTERN),
        Arguments.of("role", "'" + "r".repeat(65) + "'", "'" + "r".repeat(65) + "' is too long"),
        Arguments.of("role", "7", "7 is not of type 'string'"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejected")
  void rejectsInvalidValuesWithAivensMessage(String key, String value, String detail) {
    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'" + key + "': " + value + "}}");

    String expected = "Invalid 'user_config': Invalid input for pgaudit." + key + ": " + detail;
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo(expected);
    assertThat(answer.body().path("errors").get(0).path("message").asText()).isEqualTo(expected);
    assertThat(answer.body().path("errors").get(0).path("status").asInt()).isEqualTo(400);
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKey("pgaudit");
  }

  @Test
  void aRejectedPutChangesNothingEvenTheValidKeysInIt() {
    putUserConfig("{'pgaudit': {'log': ['ddl']}}");

    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'log_client': true, 'log_level': 'loud'}}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(sim.userConfig(PROJECT, PG)).isEqualTo(Map.of("pg_version", "16", "pgaudit", Map.of("log", java.util.List.of("ddl"))));
  }

  @Test
  void unknownPgauditKeyIsRejectedByDefault() {
    RawAiven.Answer answer = putUserConfig("{'pgaudit': {'log_foo': true, 'log_bar': 1}}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo(
        "Invalid 'user_config': Invalid input for pgaudit: Additional properties are not allowed "
            + "('log_foo', 'log_bar' were unexpected)");
  }

  @Test
  void unknownTopLevelKeyIsRejectedByDefault() {
    RawAiven.Answer answer = putUserConfig("{'foo': 1}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message())
        .isEqualTo("Invalid 'user_config': Invalid input: Additional properties are not allowed ('foo' was unexpected)");
  }

  @Test
  void unknownKeysAreStoredWhenTheOptionAllowsThem() {
    sim.options().rejectUnknownUserConfigKeys(false);

    RawAiven.Answer answer = putUserConfig("{'foo': 1, 'pgaudit': {'log_foo': true}}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("foo", 1).containsEntry("pgaudit", Map.of("log_foo", true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"'15'", "'16'", "'17'", "'18'", "'14'"})
  void pgVersionIsAStringFromTheEnum(String version) {
    assertThat(putUserConfig("{'pg_version': " + version + "}").status()).isEqualTo(200);
  }

  @Test
  void pgVersionAsANumberOrUnknownIsRejected() {
    assertThat(putUserConfig("{'pg_version': 16}").message())
        .isEqualTo("Invalid 'user_config': Invalid input for pg_version: 16 is not of type 'string'");
    assertThat(putUserConfig("{'pg_version': '19'}").message()).startsWith(
        "Invalid 'user_config': Invalid input for pg_version: '19' is not one of ['10', ");
  }

  @Test
  void userConfigThatIsNotAnObjectIsRejected() {
    RawAiven.Answer answer = putUserConfig("['pgaudit']");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo("Invalid input for user_config: ['pgaudit'] is not of type 'object'");
  }
}
