package dev.pgaudit.operator.aiven;

import java.util.List;
import java.util.Map;

/**
 * The gateway to the Aiven REST API, for one token. {@code tokenSource} says where the token came
 * from (e.g. "secret team-a/aiven-token") and is what auth-failure messages name; the token itself
 * never appears in a message, log line or toString().
 */
public final class AivenClient {

  public AivenClient(AivenClientConfig config, String token, String tokenSource) {}

  /** GET /project/{p}/service/{s}; secrets redacted, connection null. */
  public AivenService getService(String project, String service) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** GET /project/{p}/service/{s}?include_secrets=true; connection = avnadmin service_uri_params. */
  public AivenService getServiceWithSecrets(String project, String service) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** PUT /project/{p}/service/{s} with {"user_config": {"pgaudit": keys}} only (Aiven merges). */
  public AivenService updatePgaudit(String project, String service, Map<String, Object> pgauditKeys) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** GET /project/{p}/service/{s}/integration; entries with a null id are left out. */
  public List<ServiceIntegration> listServiceIntegrations(String project, String service) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** POST /project/{p}/integration (type logs); on 409 returns the existing one instead. */
  public ServiceIntegration createLogsIntegration(
      String project, String sourceService, String destProject, String destService, Map<String, Object> userConfig) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** PUT /project/{p}/integration/{id}; "user config not changed" counts as success. */
  public ServiceIntegration updateIntegration(String project, String integrationId, Map<String, Object> userConfig) {
    throw new UnsupportedOperationException("issue 3");
  }

  /** DELETE /project/{p}/integration/{id}; an integration already gone counts as success. */
  public void deleteIntegration(String project, String integrationId) {
    throw new UnsupportedOperationException("issue 3");
  }

  @Override
  public String toString() {
    return "AivenClient[token from " + "redacted-source" + "]";
  }
}
