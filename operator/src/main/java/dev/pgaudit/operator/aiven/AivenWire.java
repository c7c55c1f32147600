package dev.pgaudit.operator.aiven;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Aiven's JSON as Jackson binds it (reference aiven-api.md §2.2, §4.2, §4.3): snake_case names,
 * and whatever else Aiven sends is ignored, so a new field can never break a read. Absent
 * objects and lists bind as empty ones. The records convert themselves into the gateway's
 * public types, whose values are plain, unmodifiable Java types.
 */
final class AivenWire {
  private AivenWire() {}

  /**
   * An answer about services: {"service": {...}} (GET and PUT of one) or {"services": [...]} (GET
   * /project/{p}/service, the whole project).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceAnswer(ServiceJson service, List<ServiceJson> services) {
    ServiceAnswer {
      if (service == null) service = ServiceJson.EMPTY;
      services = services == null ? List.of() : services;
    }
  }

  /**
   * An answer about integrations: {"service_integration": {...}} (POST, PUT and GET of one) or
   * {"service_integrations": [...]} (GET /project/{p}/service/{s}/integration).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IntegrationAnswer(IntegrationJson serviceIntegration, List<IntegrationJson> serviceIntegrations) {
    IntegrationAnswer {
      if (serviceIntegration == null) serviceIntegration = IntegrationJson.EMPTY;
      serviceIntegrations = serviceIntegrations == null ? List.of() : serviceIntegrations;
    }

    /** The one integration, as the gateway shows it. */
    ServiceIntegration integration() {
      return serviceIntegration.toIntegration();
    }

    /** The listed ones; entries with a null id (types available but not enabled) are left out. */
    List<ServiceIntegration> enabled() {
      return IntegrationJson.enabled(serviceIntegrations);
    }
  }

  /** An error answer (reference §1.4): the top-level message, else errors[].message. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorAnswer(String message, List<ErrorJson> errors) {
    ErrorAnswer {
      errors = errors == null ? List.of() : errors;
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorJson(String message) {}

  /** The service object; user_config is kept whole (its keys depend on the service type). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceJson(
      String serviceName,
      String serviceType,
      String state,
      Map<String, Object> userConfig,
      ServiceUriParams serviceUriParams,
      ConnectionInfo connectionInfo,
      List<IntegrationJson> serviceIntegrations) {
    static final ServiceJson EMPTY = new ServiceJson(null, null, null, null, null, null, null);

    ServiceJson {
      userConfig = userConfig == null ? Map.of() : userConfig;
      serviceIntegrations = serviceIntegrations == null ? List.of() : serviceIntegrations;
    }

    /** The gateway's view; secret user_config values masked, the connection only when asked for. */
    AivenService toService(String project, boolean withConnection) {
      Map<String, Object> config = AivenJson.withoutSecrets(AivenJson.immutable(userConfig));
      @SuppressWarnings("unchecked")
      Map<String, Object> pgaudit = config.get("pgaudit") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      Object version = userConfig.get("pg_version");
      return new AivenService(project, serviceName, serviceType, state, version == null ? null : version.toString(),
          config, pgaudit, withConnection ? connection() : null, IntegrationJson.enabled(serviceIntegrations));
    }

    private PgConnectionParams connection() {
      return serviceUriParams == null ? null : serviceUriParams.toConnection();
    }
  }

  /** service_uri_params: all strings, the port too (reference §2.2). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ServiceUriParams(String host, String port, String user, String password, String dbname, String sslmode) {

    /**
     * The avnadmin connection; null when the service has none yet (e.g. still being built). A
     * redacted password means the token may not read secrets even though it asked for them
     * (Aiven's legacy read_only role answers that way).
     */
    PgConnectionParams toConnection() {
      if (host == null || port == null) return null;
      if (AivenJson.REDACTED.equals(password)) throw new AivenJson.RedactedSecretsException();
      return new PgConnectionParams(host, Integer.parseInt(port.trim()), orDefault(user, "avnadmin"), password,
          orDefault(dbname, "defaultdb"), orDefault(sslmode, "require"), null);
    }

    private static String orDefault(String value, String fallback) {
      return value == null || value.isEmpty() ? fallback : value;
    }
  }

  /** An OpenSearch service's connection_info, as far as its Dashboards go (opensearch.md §2). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ConnectionInfo(String opensearchDashboardsUri, String opensearchUsername, String opensearchPassword) {}

  /** The service_integration object (reference §4.3). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IntegrationJson(
      String serviceIntegrationId,
      String integrationType,
      String sourceProject,
      String sourceService,
      String destProject,
      String destService,
      boolean enabled,
      boolean active,
      Map<String, Object> userConfig,
      IntegrationStatusJson integrationStatus) {
    static final IntegrationJson EMPTY =
        new IntegrationJson(null, null, null, null, null, null, false, false, null, null);

    IntegrationJson {
      userConfig = userConfig == null ? Map.of() : userConfig;
    }

    static List<ServiceIntegration> enabled(List<IntegrationJson> integrations) {
      List<ServiceIntegration> result = new ArrayList<>();
      for (IntegrationJson item : integrations) {
        if (item != null && item.serviceIntegrationId() != null) result.add(item.toIntegration());
      }
      return List.copyOf(result);
    }

    ServiceIntegration toIntegration() {
      IntegrationStateJson state = integrationStatus == null ? null : integrationStatus.state();
      return new ServiceIntegration(serviceIntegrationId, integrationType, sourceProject, sourceService, destProject,
          destService, enabled, active, AivenJson.immutable(userConfig), state == null ? null : state.status(),
          state == null ? null : state.problem());
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IntegrationStatusJson(IntegrationStateJson state) {}

  /** integration_status.state: status, errors (strings) and likely_error_cause. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record IntegrationStateJson(String status, List<Object> errors, String likelyErrorCause) {

    /** The errors and the likely cause as one sentence, or null when there are none. */
    String problem() {
      List<String> parts = new ArrayList<>();
      if (errors != null) {
        for (Object error : errors) {
          if (error instanceof String text && !text.isBlank()) parts.add(text.strip());
        }
      }
      if (likelyErrorCause != null && !likelyErrorCause.isBlank()) {
        parts.add("likely cause: " + likelyErrorCause.strip());
      }
      return parts.isEmpty() ? null : String.join("; ", parts);
    }
  }

  /** PUT /project/{p}/service/{s} body: only user_config.pgaudit (Aiven merges user_config). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PgauditUpdate(PgauditConfig userConfig) {
    PgauditUpdate(Map<String, Object> pgauditKeys) {
      this(new PgauditConfig(pgauditKeys));
    }
  }

  record PgauditConfig(Map<String, Object> pgaudit) {}

  /** POST /project/{p}/integration body (reference §4.2). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record IntegrationCreate(String integrationType, String sourceProject, String sourceService, String destProject,
      String destService, Map<String, Object> userConfig) {}

  /** PUT /project/{p}/integration/{id} body. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record IntegrationUpdate(Map<String, Object> userConfig) {}
}
