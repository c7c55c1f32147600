package dev.pgaudit.operator.aiven;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The gateway to the Aiven REST API, for one token. {@code tokenSource} says where the token came
 * from (e.g. "secret team-a/aiven-token") and is what auth-failure messages name; the token itself
 * never appears in a message, log line or toString().
 *
 * <p>Cheap to create (one per token and reconcile is fine): all instances share one OkHttp
 * connection pool. Calls that are safe to repeat are retried per {@link RetryPolicy}; creating an
 * integration is retried only in ways that cannot make a duplicate ({@link LogsIntegrationCreator}).
 */
public final class AivenClient {
  /** Path templates, as reported to the {@link AivenClientConfig.CallObserver}. */
  public static final String SERVICES_PATH = "/project/{project}/service";
  public static final String SERVICE_PATH = "/project/{project}/service/{service}";
  public static final String SERVICE_INTEGRATIONS_PATH = "/project/{project}/service/{service}/integration";
  public static final String INTEGRATIONS_PATH = "/project/{project}/integration";
  public static final String INTEGRATION_PATH = "/project/{project}/integration/{integration_id}";

  private static final String NOT_CHANGED = "user config not changed";

  private final HttpUrl baseUrl;
  private final String tokenSource;
  private final String tokenProblem;
  private final CallRunner runner;

  public AivenClient(AivenClientConfig config, String token, String tokenSource) {
    Objects.requireNonNull(config, "config");
    this.baseUrl = HttpUrl.get(config.baseUrl().toString());
    this.tokenSource = tokenSource == null || tokenSource.isBlank() ? "the operator's configuration" : tokenSource;
    // A trailing newline is the classic mistake when a Secret is made with `echo`; Aiven tokens
    // never contain whitespace, so trimming is safe.
    String trimmed = token == null ? "" : token.strip();
    this.tokenProblem = tokenProblem(trimmed);
    AivenErrors errors = new AivenErrors(this.tokenSource, trimmed);
    this.runner = new CallRunner(
        new AivenTransport(config, tokenProblem == null ? trimmed : "unusable"),
        new RetryPolicy(config.maxRetries(), config.minBackoff(), config.maxBackoff()),
        errors);
  }

  /** GET /project/{p}/service/{s}; secrets redacted, connection null. */
  public AivenService getService(String project, String service) {
    ApiCall call = readService(project, service, false);
    return run(call, AivenWire.ServiceAnswer.class).service().toService(project, false);
  }

  /** GET /project/{p}/service/{s}?include_secrets=true; connection = avnadmin service_uri_params. */
  public AivenService getServiceWithSecrets(String project, String service) {
    ApiCall call = readService(project, service, true);
    AivenWire.ServiceJson answer = run(call, AivenWire.ServiceAnswer.class).service();
    return withSecrets(call, () -> answer.toService(project, true));
  }

  /**
   * GET /project/{p}/service: every service of the project with its user_config and integrations
   * (reference §7.3); with {@code withSecrets} each one's avnadmin connection too.
   */
  public List<AivenService> listServices(String project, boolean withSecrets) {
    HttpUrl url = url("project", project, "service");
    if (withSecrets) url = url.newBuilder().addQueryParameter("include_secrets", "true").build();
    String operation = (withSecrets ? "read credentials of the services of project " : "list the services of project ")
        + project;
    ApiCall call = ApiCall.get(SERVICES_PATH, url, operation, "Aiven project " + project);
    List<AivenWire.ServiceJson> answer = run(call, AivenWire.ServiceAnswer.class).services();
    return withSecrets(call, () -> answer.stream().map(service -> service.toService(project, withSecrets)).toList());
  }

  /**
   * GET /project/{p}/service/{s}?include_secrets=true of an OpenSearch service: where its Dashboards
   * is and avnadmin's credentials; empty when it offers no Dashboards URI.
   */
  public java.util.Optional<DashboardsAccess> getDashboardsAccess(String project, String service) {
    ApiCall call = readService(project, service, true);
    AivenWire.ServiceJson answer = run(call, AivenWire.ServiceAnswer.class).service();
    return withSecrets(call, () -> DashboardsAccess.of(answer.connectionInfo()));
  }

  /** PUT /project/{p}/service/{s} with {"user_config": {"pgaudit": keys}} only (Aiven merges). */
  public AivenService updatePgaudit(String project, String service, Map<String, Object> pgauditKeys) {
    String body = AivenJson.write(new AivenWire.PgauditUpdate(pgauditKeys));
    ApiCall call = ApiCall.put(SERVICE_PATH, url("project", project, "service", service), body,
        "update pgaudit settings of service " + project + "/" + service, serviceSubject(project, service));
    return run(call, AivenWire.ServiceAnswer.class).service().toService(project, false);
  }

  /** GET /project/{p}/service/{s}/integration; entries with a null id are left out. */
  public List<ServiceIntegration> listServiceIntegrations(String project, String service) {
    return run(listIntegrationsCall(project, service), AivenWire.IntegrationAnswer.class).enabled();
  }

  /** POST /project/{p}/integration (type logs); on 409 returns the existing one instead. */
  public ServiceIntegration createLogsIntegration(
      String project, String sourceService, String destProject, String destService, Map<String, Object> userConfig) {
    checkToken();
    String dest = destProject == null ? project : destProject;
    String body = AivenJson.write(new AivenWire.IntegrationCreate(LogsIntegrationCreator.TYPE, project, sourceService,
        dest, destService, userConfig == null ? Map.of() : userConfig));
    String what = "logs integration " + project + "/" + sourceService + " -> " + dest + "/" + destService;
    ApiCall post = ApiCall.post(INTEGRATIONS_PATH, url("project", project, "integration"), body,
        "create " + what, "a service of " + what);
    return new LogsIntegrationCreator(runner).create(
        post, listIntegrationsCall(project, sourceService),
        new LogsIntegrationCreator.Key(project, sourceService, dest, destService));
  }

  /** PUT /project/{p}/integration/{id}; "user config not changed" counts as success. */
  public ServiceIntegration updateIntegration(String project, String integrationId, Map<String, Object> userConfig) {
    String body = AivenJson.write(new AivenWire.IntegrationUpdate(userConfig == null ? Map.of() : userConfig));
    ApiCall call = ApiCall.put(INTEGRATION_PATH, url("project", project, "integration", integrationId), body,
        "update integration " + integrationId + " in project " + project, integrationSubject(project, integrationId));
    try {
      return run(call, AivenWire.IntegrationAnswer.class).integration();
    } catch (AivenApiException e) {
      // Aiven refuses an update that changes nothing (also when a retried PUT already landed).
      if (e.aivenMessage() == null || !e.aivenMessage().contains(NOT_CHANGED)) throw e;
      ApiCall read = ApiCall.get(INTEGRATION_PATH, call.url(),
          "read integration " + integrationId + " in project " + project, call.subject());
      return run(read, AivenWire.IntegrationAnswer.class).integration();
    }
  }

  /** DELETE /project/{p}/integration/{id}; an integration already gone counts as success. */
  public void deleteIntegration(String project, String integrationId) {
    ApiCall call = ApiCall.delete(INTEGRATION_PATH, url("project", project, "integration", integrationId),
        "delete integration " + integrationId + " in project " + project, integrationSubject(project, integrationId));
    try {
      run(call, Object.class); // any JSON answer will do
    } catch (AivenApiException e) {
      if (!e.isNotFound()) throw e;
    }
  }

  @Override
  public String toString() {
    return "AivenClient[" + baseUrl + ", token from " + tokenSource + "]";
  }

  private <T> T run(ApiCall call, Class<T> answerType) {
    checkToken();
    return runner.run(call, answerType);
  }

  /**
   * Reads credentials out of an answer: redacted ones mean the token may not read secrets, a port
   * or Dashboards URI that cannot be read makes the answer unreadable.
   */
  private <T> T withSecrets(ApiCall call, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (AivenJson.RedactedSecretsException e) {
      throw runner.errors().secretsRedacted(call);
    } catch (IllegalArgumentException e) {
      throw runner.errors().unreadableAnswer(call, e);
    }
  }

  private void checkToken() {
    if (tokenProblem != null) throw runner.errors().tokenUnusable(tokenProblem);
  }

  private ApiCall readService(String project, String service, boolean withSecrets) {
    HttpUrl url = url("project", project, "service", service);
    if (withSecrets) url = url.newBuilder().addQueryParameter("include_secrets", "true").build();
    String operation = (withSecrets ? "read credentials of service " : "read service ") + project + "/" + service;
    return ApiCall.get(SERVICE_PATH, url, operation, serviceSubject(project, service));
  }

  private ApiCall listIntegrationsCall(String project, String service) {
    return ApiCall.get(SERVICE_INTEGRATIONS_PATH, url("project", project, "service", service, "integration"),
        "list integrations of service " + project + "/" + service, serviceSubject(project, service));
  }

  /**
   * Path segments are escaped, so odd names cannot change which resource is addressed. OkHttp
   * still resolves a segment that is exactly "." or ".." (it would address the service list, or
   * the project); no Aiven name can be that, so such a name is simply not found.
   */
  private HttpUrl url(String... segments) {
    HttpUrl.Builder builder = baseUrl.newBuilder();
    for (String segment : segments) {
      Objects.requireNonNull(segment, "path segment");
      if (segment.equals(".") || segment.equals("..")) {
        throw new AivenApiException(404, "no Aiven project, service or integration is named \"" + segment + "\"",
            null, false, null);
      }
      builder.addPathSegment(segment);
    }
    return builder.build();
  }

  private static String serviceSubject(String project, String service) {
    return "Aiven service " + project + "/" + service;
  }

  private static String integrationSubject(String project, String integrationId) {
    return "Aiven integration " + integrationId + " in project " + project;
  }

  private static String tokenProblem(String token) {
    if (token.isEmpty()) return "is empty";
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) return "contains whitespace or characters that cannot be sent in an HTTP header";
    }
    return null;
  }
}
