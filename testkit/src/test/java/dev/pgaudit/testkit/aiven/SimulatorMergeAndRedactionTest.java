package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PUT user_config semantics (reference §2.3) and secret redaction (§2.4). */
class SimulatorMergeAndRedactionTest extends SimulatorFixture {

  @Test
  void nestedObjectsAreMergedKeyByKey() {
    putUserConfig("{'pgaudit': {'feature_enabled': true, 'log': ['ddl']}}");
    putUserConfig("{'pgaudit': {'log_client': true}}");

    assertThat(sim.userConfig(PROJECT, PG)).isEqualTo(Map.of("pg_version", "16",
        "pgaudit", Map.of("feature_enabled", true, "log", List.of("ddl"), "log_client", true)));
  }

  @Test
  void arraysAreReplacedAsAWhole() {
    putUserConfig("{'pgaudit': {'log': ['ddl', 'role']}}");
    putUserConfig("{'pgaudit': {'log': ['write']}}");
    assertThat(pgaudit()).containsEntry("log", List.of("write"));

    putUserConfig("{'pgaudit': {'log': []}}");
    assertThat(pgaudit()).containsEntry("log", List.of());
  }

  @Test
  void keysOutsideThePutAreNeverClobbered() {
    sim.putUserConfigDirectly(PROJECT, PG, Map.of(
        "ip_filter", List.of("10.0.0.0/8"), "pg", Map.of("max_connections", 100), "service_log", true));

    putUserConfig("{'pgaudit': {'feature_enabled': true}, 'pg': {'log_min_duration_statement': 250}}");

    assertThat(sim.userConfig(PROJECT, PG)).isEqualTo(Map.of(
        "pg_version", "16",
        "ip_filter", List.of("10.0.0.0/8"),
        "pg", Map.of("max_connections", 100, "log_min_duration_statement", 250),
        "service_log", true,
        "pgaudit", Map.of("feature_enabled", true)));
  }

  @Test
  void nullRemovesAKeyOnlyWhereTheSchemaAllowsNull() {
    sim.putUserConfigDirectly(PROJECT, PG, Map.of("service_log", true, "ip_filter", List.of("10.0.0.0/8")));

    assertThat(putUserConfig("{'service_log': null, 'backup_hour': null}").status()).isEqualTo(200);
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKeys("service_log", "backup_hour");

    RawAiven.Answer answer = putUserConfig("{'ip_filter': null}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message())
        .isEqualTo("Invalid 'user_config': Invalid input for ip_filter: None is not of type 'array'");
    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("ip_filter", List.of("10.0.0.0/8"));
  }

  @Test
  void aPutChangesNothingButUserConfigAndUpdateTime() {
    sim.setState(PROJECT, PG, "REBALANCING");
    JsonNode before = raw.get(PG_PATH + "?include_secrets=true").body().path("service");

    assertThat(putUserConfig("{'pgaudit': {'feature_enabled': true}}").status()).isEqualTo(200);

    JsonNode after = raw.get(PG_PATH + "?include_secrets=true").body().path("service");
    assertThat(without(after, "user_config", "update_time")).isEqualTo(without(before, "user_config", "update_time"));
    assertThat(after.path("state").asText()).isEqualTo("REBALANCING");
    assertThat(after.path("user_config").path("pg_version").asText()).isEqualTo("16");
  }

  @Test
  void updateTimeMovesOnlyWhenSomethingChanged() {
    putUserConfig("{'pgaudit': {'log_client': true}}");
    var first = sim.updateTime(PROJECT, PG);

    assertThat(putUserConfig("{'pgaudit': {'log_client': true}}").status()).isEqualTo(200);

    assertThat(sim.updateTime(PROJECT, PG)).isEqualTo(first);
  }

  @Test
  void serviceShapeMatchesTheReference() {
    JsonNode service = raw.get(PG_PATH + "?limit=999").body().path("service");

    assertThat(service.path("service_name").asText()).isEqualTo(PG);
    assertThat(service.path("service_type").asText()).isEqualTo("pg");
    assertThat(service.path("state").asText()).isEqualTo("RUNNING");
    assertThat(service.path("user_config").path("pg_version").isTextual()).isTrue();
    service.path("service_uri_params").forEach(value -> assertThat(value.isTextual()).isTrue());
    assertThat(service.path("service_uri_params").path("port").asText()).isEqualTo("54321");
    assertThat(service.path("service_uri_params").path("host").asText()).isEqualTo("127.0.0.1");
    assertThat(service.path("service_uri_params").path("sslmode").asText()).isEqualTo("disable");
    assertThat(service.path("users").get(0).path("username").asText()).isEqualTo("avnadmin");
    assertThat(service.path("users").get(0).path("type").asText()).isEqualTo("primary");
    assertThat(service.path("service_integrations").isArray()).isTrue();
  }

  @Test
  void secretsAreRedactedUnlessIncludeSecretsIsTrue() {
    JsonNode redacted = raw.get(PG_PATH).body().path("service");
    assertThat(redacted.toString()).doesNotContain("s3cr3tPw");
    assertThat(redacted.path("users").get(0).path("password").asText()).isEqualTo("<redacted>");
    assertThat(redacted.path("service_uri_params").path("password").asText()).isEqualTo("<redacted>");
    assertThat(redacted.path("service_uri").asText())
        .isEqualTo("postgres://avnadmin:<redacted>@127.0.0.1:54321/defaultdb?sslmode=disable");

    JsonNode plain = raw.get(PG_PATH + "?include_secrets=true").body().path("service");
    assertThat(plain.path("users").get(0).path("password").asText()).isEqualTo("s3cr3tPw");
    assertThat(plain.path("service_uri_params").path("password").asText()).isEqualTo("s3cr3tPw");
    assertThat(plain.path("connection_info").path("pg_params").get(0).path("password").asText()).isEqualTo("s3cr3tPw");
  }

  @Test
  void writeAnswersAreAlwaysRedacted() {
    RawAiven.Answer answer = raw.put(PG_PATH + "?include_secrets=true",
        RawAiven.json("{'user_config': {'pgaudit': {'log_client': true}}}"));

    assertThat(answer.body().toString()).doesNotContain("s3cr3tPw");
  }

  @Test
  void uriRedactionWithoutSecretsIsConfigurable() {
    sim.options().redactServiceUriWithoutSecrets(false);

    JsonNode service = raw.get(PG_PATH).body().path("service");

    assertThat(service.path("service_uri_params").path("password").asText()).isEqualTo("s3cr3tPw");
    assertThat(service.path("users").get(0).path("password").asText()).isEqualTo("<redacted>");
  }

  @Test
  void secretUserConfigFieldsAreRedactedAndThePlaceholderKeepsTheSecret() {
    sim.putUserConfigDirectly(PROJECT, PG, Map.of("admin_password", "adm1nPassw0rd"));
    sim.options().createOnlyKeysOnUpdate(SimulatorOptions.CreateOnlyKeys.IGNORE);

    assertThat(raw.get(PG_PATH).body().path("service").path("user_config").path("admin_password").asText())
        .isEqualTo("<redacted>");
    assertThat(putUserConfig("{'admin_password': '<redacted>', 'pgaudit': {'log_rows': true}}").status()).isEqualTo(200);
    assertThat(sim.userConfig(PROJECT, PG)).containsEntry("admin_password", "adm1nPassw0rd");
    assertThat(raw.get(PG_PATH + "?include_secrets=true").body().path("service").path("user_config")
        .path("admin_password").asText()).isEqualTo("adm1nPassw0rd");
  }

  @Test
  void createOnlyKeysAreRejectedOnUpdateByDefault() {
    RawAiven.Answer answer = putUserConfig("{'admin_username': 'root2'}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).startsWith("Invalid 'user_config': Invalid input for admin_username");
    sim.options().createOnlyKeysOnUpdate(SimulatorOptions.CreateOnlyKeys.IGNORE);
    assertThat(putUserConfig("{'admin_username': 'root2'}").status()).isEqualTo(200);
    assertThat(sim.userConfig(PROJECT, PG)).doesNotContainKey("admin_username");
  }

  @Test
  void defaultsAreFilledIntoGetAnswersOnlyWhenConfigured() {
    putUserConfig("{'pgaudit': {'log': ['ddl']}}");
    assertThat(raw.get(PG_PATH).body().path("service").path("user_config").path("pgaudit").size()).isEqualTo(1);

    sim.options().fillDefaultsInGet(true);
    JsonNode pgaudit = raw.get(PG_PATH).body().path("service").path("user_config").path("pgaudit");

    assertThat(pgaudit.path("log").toString()).isEqualTo("[\"ddl\"]");
    assertThat(pgaudit.path("feature_enabled").asBoolean(true)).isFalse();
    assertThat(pgaudit.path("log_catalog").asBoolean(false)).isTrue();
    assertThat(pgaudit.path("log_level").asText()).isEqualTo("log");
    assertThat(pgaudit.path("log_max_string_length").asInt()).isEqualTo(-1);
    assertThat(pgaudit.path("log_parameter_max_size").asInt(9)).isZero();
    assertThat(pgaudit.has("role")).isFalse();
    assertThat(pgaudit.size()).isEqualTo(13);
    assertThat(pgaudit()).isEqualTo(Map.of("log", List.of("ddl")));
  }

  @Test
  void unknownTopLevelBodyFieldsAreRejected() {
    RawAiven.Answer answer = raw.put(PG_PATH, RawAiven.json("{'usr_config': {}}"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.message()).isEqualTo("Invalid input: Additional properties are not allowed ('usr_config' was unexpected)");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> pgaudit() {
    return (Map<String, Object>) sim.userConfig(PROJECT, PG).get("pgaudit");
  }

  private static JsonNode without(JsonNode node, String... fields) {
    ObjectNode copy = node.deepCopy();
    copy.remove(List.of(fields));
    return copy;
  }
}
