package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSettingsGateway;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the real state a policy's plan needs, and no more: its service (user_config and
 * integrations) from the project's shared reading ({@link ProjectReadings}: one list request per
 * project and token per window, with secrets only when the SQL side must use avnadmin and no
 * credentials are kept), and one pg_db_role_setting query when SQL slots are involved (shared per
 * window by {@link ObservationCache}).
 */
final class Observer {
  private static final int FIRST_VERSION_WITH_SQL_SCOPES = 15;

  private final AivenClientConfig aivenConfig;
  private final PgAuditSettingsGateway gateway;
  private final RetryDelays delays;
  private final ObservationCache cache;
  private final ProjectReadings readings;

  Observer(AivenClientConfig aivenConfig, PgAuditSettingsGateway gateway, RetryDelays delays, ObservationCache cache,
      ProjectReadings readings) {
    this.aivenConfig = aivenConfig;
    this.gateway = gateway;
    this.delays = delays;
    this.cache = cache;
    this.readings = readings;
  }

  /**
   * @param mayUseCache true for reconciles: a reading of the project (by this or another policy with
   *     the same token) within the window is good enough; false for deletions, which need a reading
   *     sent after they began (concurrent deletions still share one)
   */
  Observation observe(PolicyIntent intent, Credentials.Token token, Optional<PgConnectionParams> connection,
      boolean mayUseCache) {
    boolean needSql = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.Sql);
    boolean needIntegrations = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.LogsIntegration);
    boolean needSecrets = needSql && connection.isEmpty();
    var key = intent.service();
    var cacheKey = ObservationCache.key(key, token.value());
    AivenClient aiven = new AivenClient(aivenConfig, token.value(), token.source());
    Instant trustedSince = mayUseCache ? cache.trustedSince() : readings.now();

    AivenService service = aiven(Layer.SERVICE, "reading service " + key,
        () -> readings.service(key, aiven, cacheKey.tokenFingerprint(), trustedSince, needSecrets));
    if (!service.isOperational()) {
      throw new ReconcileFailure(Layer.SERVICE, Conditions.Reason.SERVICE_NOT_RUNNING,
          "service " + key + " is " + (service.state() == null ? "in no known state" : service.state())
              + "; waiting for RUNNING", delays.fast());
    }
    List<ServiceIntegration> integrations = needIntegrations ? service.integrations() : null;
    LazySession sql = new LazySession(() -> openSql(key, service, connection));
    StoredSettings stored = null;
    Instant readAt = cache.now();
    if (needSql) {
      ObservationCache.Entry cached = mayUseCache ? cache.fresh(cacheKey) : null;
      if (cached != null) {
        stored = cached.sql();
        readAt = cached.readAt();
      } else {
        stored = readSql(sql);
        cache.put(cacheKey, new ObservationCache.Entry(stored, readAt));
      }
    }
    Map<String, Object> pgaudit = service.pgaudit() == null ? Map.of() : service.pgaudit();
    return new Observation(aiven, service, sql, new Observed(key, pgaudit, stored, integrations), cacheKey, readAt);
  }

  /**
   * After this operator's own writes all succeeded, the shared reading becomes what was written:
   * the service as the PUT answered it (else as planned), the integrations as created; the settings
   * keep their read time, so writing never extends how long they are trusted. After a failure, the
   * service is unsure and the next reconcile reads the truth.
   */
  void afterWrites(Observation obs, Applier.Result result, boolean allSucceeded) {
    ServiceKey key = obs.observed().service();
    if (!allSucceeded) {
      cache.invalidate(key);
      // A failed SQL write leaves the Aiven side as read; a failed Aiven write (or an apply that
      // threw, with no failures recorded) leaves it unknown.
      boolean aivenUnknown = result.failures().isEmpty()
          || result.failures().keySet().stream().anyMatch(layer -> layer != Layer.SQL);
      if (aivenUnknown) readings.unsure(key);
      return;
    }
    Observed after = result.after();
    AivenService s = result.servicePut() != null ? result.servicePut() : obs.service();
    Map<String, Object> pgaudit = result.servicePut() != null ? s.pgaudit() : after.pgaudit();
    Map<String, Object> userConfig = new java.util.LinkedHashMap<>(s.userConfig() == null ? Map.of() : s.userConfig());
    userConfig.put("pgaudit", pgaudit);
    List<ServiceIntegration> integrations = after.integrations() != null ? after.integrations() : s.integrations();
    AivenService written = new AivenService(s.project(), s.name(), s.type(), s.state(), s.pgVersion(), userConfig,
        pgaudit, null, integrations);
    readings.wrote(key, obs.cacheKey().tokenFingerprint(), written);
    if (after.sql() != null) cache.replace(obs.cacheKey(), new ObservationCache.Entry(after.sql(), obs.readAt()));
  }

  private StoredSettings readSql(LazySession sql) {
    try {
      return sql.get().readAll();
    } catch (SqlSettingsException e) {
      sql.close();
      throw ReconcileFailure.fromFinding(e.finding(), delays);
    } catch (ReconcileFailure e) {
      sql.close();
      throw e;
    }
  }

  private PgAuditSession openSql(ServiceKey key, AivenService service, Optional<PgConnectionParams> connection) {
    if (majorVersion(service.pgVersion()) < FIRST_VERSION_WITH_SQL_SCOPES) {
      throw new ReconcileFailure(Layer.SQL, Conditions.Reason.UNSUPPORTED_POSTGRES_VERSION,
          "service " + service.name() + " runs PostgreSQL " + service.pgVersion()
              + "; database and role scopes need PostgreSQL 15 or later", delays.slow());
    }
    PgConnectionParams params = connection.orElse(service.connection());
    if (params == null) {
      throw new ReconcileFailure(Layer.SQL, Conditions.Reason.AIVEN_API_ERROR,
          "the Aiven API returned no avnadmin connection parameters for " + service.name()
              + "; set spec.connection.secretRef", delays.slow());
    }
    try {
      return gateway.open(params);
    } catch (SqlSettingsException e) {
      // Aiven's avnadmin credentials were refused (or led nowhere): they are read again next time.
      if (connection.isEmpty() && e.finding().kind() == Finding.Kind.CONNECTION_FAILED) readings.forgetCredentials(key);
      throw ReconcileFailure.fromFinding(e.finding(), delays);
    }
  }

  private <T> T aiven(Layer layer, String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (AivenApiException e) {
      throw ReconcileFailure.fromAiven(layer, e, what, delays);
    }
  }

  static int majorVersion(String pgVersion) {
    try {
      return pgVersion == null ? Integer.MAX_VALUE : Integer.parseInt(pgVersion.split("\\.")[0].trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
