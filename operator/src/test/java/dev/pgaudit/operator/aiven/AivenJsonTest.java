package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.postgres.PgConnectionParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AivenJsonTest {

  static AivenService parse(String json, boolean withConnection) throws Exception {
    return AivenJson.read(json.replace('\'', '"'), AivenWire.ServiceJson.class).toService("acme", withConnection);
  }

  static ServiceIntegration integration(String json) throws Exception {
    return AivenJson.read(json.replace('\'', '"'), AivenWire.IntegrationJson.class).toIntegration();
  }

  @Test
  void connectionComesFromServiceUriParamsWithPortAsInteger() throws Exception {
    AivenService service = parse("{'service_name': 'pg', 'service_type': 'pg', 'state': 'RUNNING',"
        + "'service_uri_params': {'host': 'h.example', 'port': '12691', 'user': 'avnadmin', 'password': 'pw',"
        + "'dbname': 'defaultdb', 'sslmode': 'require'}, 'user_config': {'pg_version': '16'}}", true);

    assertThat(service.connection())
        .isEqualTo(new PgConnectionParams("h.example", 12691, "avnadmin", "pw", "defaultdb", "require", null));
  }

  @Test
  void missingParamsGiveNoConnectionAndRedactedPasswordIsRefused() throws Exception {
    assertThat(parse("{'service_name': 'pg', 'state': 'REBUILDING'}", true).connection()).isNull();
    assertThatThrownBy(() -> parse("{'service_uri_params': {'host': 'h', 'port': '1', 'password': '<redacted>'}}", true))
        .isInstanceOf(AivenJson.RedactedSecretsException.class);
  }

  @Test
  void anIntegrationCarriesItsStatusAndWhyItFailed() throws Exception {
    ServiceIntegration failed = integration("{'service_integration_id': 'i-1',"
        + "'integration_type': 'logs', 'active': false, 'enabled': true, 'integration_status': {'state':"
        + "{'status': 'failed', 'errors': ['Connection refused', ''], 'likely_error_cause': 'destination'}}}");
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.problem()).isEqualTo("Connection refused; likely cause: destination");
    assertThat(failed.failed()).isTrue();
    assertThat(failed.flowing()).isFalse();

    ServiceIntegration running = integration("{'service_integration_id': 'i-2',"
        + "'active': true, 'integration_status': {'state': {'status': 'running', 'errors': []}}}");
    assertThat(running.problem()).isNull();
    assertThat(running.flowing()).isTrue();
    // Active but failed is not flowing; a status Aiven did not send does not make an active one stop.
    assertThat(new ServiceIntegration("i", "logs", "a", "s", "a", "d", true, true, Map.of(), "failed", null).flowing()).isFalse();
    assertThat(new ServiceIntegration("i", "logs", "a", "s", "a", "d", true, true, Map.of()).flowing()).isTrue();
  }

  @Test
  void missingPieces() throws Exception {
    AivenService service = parse("{'service_name': 'pg'}", false);

    assertThat(service.pgaudit()).isEmpty();
    assertThat(service.userConfig()).isEmpty();
    assertThat(service.pgVersion()).isNull();
    assertThat(service.integrations()).isEmpty();
  }

  @Test
  void numericPgVersionIsReadAsText() throws Exception {
    assertThat(parse("{'user_config': {'pg_version': 16}}", false).pgVersion()).isEqualTo("16");
  }

  @Test
  void secretUserConfigValuesAreMasked() throws Exception {
    AivenService service = parse("{'user_config': {'admin_password': 'hunter22', 'migration': {'password': 'x',"
        + " 'host': 'h'}, 'pgaudit': {'role': 'auditor'}}}", false);

    assertThat(service.userConfig()).containsEntry("admin_password", "<redacted>")
        .containsEntry("migration", Map.of("password", "<redacted>", "host", "h"));
    assertThat(service.pgaudit()).isEqualTo(Map.of("role", "auditor"));
  }

  @Test
  void integrationsWithoutIdAreLeftOut() throws Exception {
    AivenService service = parse("{'service_integrations': [{'service_integration_id': null, 'integration_type':"
        + " 'read_replica'}, {'service_integration_id': 'id-1', 'integration_type': 'logs', 'enabled': true,"
        + " 'active': false, 'user_config': {'selected_log_fields': ['HOSTNAME']}}]}", false);

    assertThat(service.integrations()).singleElement().satisfies(i -> {
      assertThat(i.id()).isEqualTo("id-1");
      assertThat(i.active()).isFalse();
      assertThat(i.userConfig()).isEqualTo(Map.of("selected_log_fields", List.of("HOSTNAME")));
    });
  }

  @Test
  void mappedValuesAreImmutable() throws Exception {
    AivenService service = parse("{'user_config': {'pgaudit': {'log': ['ddl']}}}", false);

    assertThatThrownBy(() -> service.pgaudit().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void snakeCaseFieldsBindAndFieldsAivenAddsAreIgnored() throws Exception {
    AivenService service = parse("{'service_name': 'pg-orders', 'service_type': 'pg', 'state': 'RUNNING',"
        + " 'plan': 'startup-4', 'node_states': [{'name': 'pg-orders-1'}], 'a_field_from_2030': {'x': 1},"
        + " 'service_uri_params': {'host': 'h', 'port': '5432', 'password': 'pw', 'unheard_of': true},"
        + " 'service_integrations': [{'service_integration_id': 'i-1', 'integration_type': 'logs',"
        + " 'source_project': 'acme', 'source_service': 'pg-orders', 'source_service_type': 'pg',"
        + " 'dest_project': 'acme', 'dest_service': 'os-logs', 'enabled': true, 'active': true,"
        + " 'integration_status': {'state': {'status': 'running', 'nodes': {}}, 'status_user_desc': 'ok'}}]}", true);

    assertThat(service).isEqualTo(new AivenService("acme", "pg-orders", "pg", "RUNNING", null, Map.of(), Map.of(),
        new PgConnectionParams("h", 5432, "avnadmin", "pw", "defaultdb", "require", null),
        List.of(new ServiceIntegration("i-1", "logs", "acme", "pg-orders", "acme", "os-logs", true, true, Map.of(),
            "running", null))));
  }

  @Test
  void requestBodiesAreWrittenInSnakeCase() {
    Map<String, Object> keys = new java.util.LinkedHashMap<>();
    keys.put("log", List.of("ddl"));
    keys.put("role", null);

    assertThat(AivenJson.write(new AivenWire.PgauditUpdate(keys)))
        .isEqualTo("{\"user_config\":{\"pgaudit\":{\"log\":[\"ddl\"],\"role\":null}}}");
    assertThat(AivenJson.write(new AivenWire.IntegrationCreate("logs", "acme", "pg", "acme", "os", Map.of())))
        .isEqualTo("{\"integration_type\":\"logs\",\"source_project\":\"acme\",\"source_service\":\"pg\","
            + "\"dest_project\":\"acme\",\"dest_service\":\"os\",\"user_config\":{}}");
    assertThat(AivenJson.write(new AivenWire.IntegrationUpdate(Map.of("elasticsearch_index_days_max", 7))))
        .isEqualTo("{\"user_config\":{\"elasticsearch_index_days_max\":7}}");
  }

  @Test
  void nestedValuesAreImmutableToo() throws Exception {
    ServiceIntegration integration = integration("{'service_integration_id': 'i-1',"
        + " 'user_config': {'selected_log_fields': ['HOSTNAME'], 'nested': {'a': 1}}}");

    @SuppressWarnings("unchecked")
    List<Object> fields = (List<Object>) integration.userConfig().get("selected_log_fields");
    assertThatThrownBy(() -> fields.add("X")).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> nested = (Map<String, Object>) integration.userConfig().get("nested");
    assertThatThrownBy(() -> nested.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
  }
}
