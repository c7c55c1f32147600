package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSettingsGateway;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the real state a policy's plan needs, and no more: one service GET (with secrets only when
 * the SQL side must use avnadmin), one pg_db_role_setting query when SQL slots are involved, one
 * integration list when an integration slot is involved — or none of these when a policy at rest
 * can reuse a recent observation of its service (see {@link ObservationCache}).
 */
final class Observer {
  private static final int FIRST_VERSION_WITH_SQL_SCOPES = 15;

  private final AivenClientConfig aivenConfig;
  private final PgAuditSettingsGateway gateway;
  private final RetryDelays delays;
  private final ObservationCache cache;

  Observer(AivenClientConfig aivenConfig, PgAuditSettingsGateway gateway, RetryDelays delays, ObservationCache cache) {
    this.aivenConfig = aivenConfig;
    this.gateway = gateway;
    this.delays = delays;
    this.cache = cache;
  }

  /**
   * @param mayUseCache true for reconciles: a recent observation of the service (by this or another
   *     policy with the same token) is good enough; false for deletions, which read the truth
   * @param peersNeedSecrets some live policy on the service will connect as avnadmin
   */
  Observation observe(PolicyIntent intent, Credentials.Token token, Optional<PgConnectionParams> connection,
      boolean mayUseCache, boolean peersNeedSecrets) {
    boolean needSql = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.Sql);
    boolean needIntegrations = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.LogsIntegration);
    boolean needSecrets = needSql && connection.isEmpty();
    // Read with secrets when any policy on the service will need them, so the shared read serves all.
    // (Also without sharing, so a Service-scope policy can read the state its coverage needs.)
    boolean readSecrets = needSecrets || peersNeedSecrets;
    var key = intent.service();
    var cacheKey = ObservationCache.key(key, token.value());
    AivenClient aiven = new AivenClient(aivenConfig, token.value(), token.source());

    ObservationCache.Entry cached = mayUseCache ? cache.fresh(cacheKey) : null;
    if (cached != null && needSecrets && cached.service().connection() == null) cached = null;
    ObservationCache.Entry entry = cached != null ? cached : new ObservationCache.Entry(
        aiven(Layer.SERVICE, "reading service " + key, () -> readSecrets
            ? aiven.getServiceWithSecrets(key.project(), key.service())
            : aiven.getService(key.project(), key.service())),
        null, null, cache.now());
    AivenService service = entry.service();
    if (!service.isOperational()) {
      throw new ReconcileFailure(Layer.SERVICE, Conditions.Reason.SERVICE_NOT_RUNNING,
          "service " + key + " is " + (service.state() == null ? "in no known state" : service.state())
              + "; waiting for RUNNING", delays.fast());
    }
    List<ServiceIntegration> integrations = !needIntegrations ? null : entry.integrations() != null
        ? entry.integrations()
        : aiven(Layer.SINK, "listing integrations of " + key, () -> aiven.listServiceIntegrations(key.project(), key.service()));
    LazySession sql = new LazySession(() -> openSql(service, connection));
    StoredSettings stored = null;
    if (needSql) {
      stored = entry.sql() != null ? entry.sql() : readSql(sql);
    } else if (intent.enforce() && intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.AivenKey)) {
      stored = entry.sql() != null ? entry.sql() : readForCoverage(sql, service, connection);
    }
    cache.put(cacheKey, entry.with(integrations, stored));
    Map<String, Object> pgaudit = service.pgaudit() == null ? Map.of() : service.pgaudit();
    return new Observation(aiven, service, sql, new Observed(key, pgaudit, stored, integrations), cacheKey, entry.readAt());
  }

  /**
   * After this operator's own writes all succeeded, the shared observation becomes what was written
   * (keeping its read time, so writing never extends how long it is trusted); after a failure, it
   * is dropped and the next reconcile reads the truth.
   */
  void afterWrites(Observation obs, Observed after, boolean allSucceeded) {
    if (!allSucceeded) {
      cache.invalidate(obs.observed().service());
      return;
    }
    AivenService s = obs.service();
    Map<String, Object> userConfig = new java.util.LinkedHashMap<>(s.userConfig() == null ? Map.of() : s.userConfig());
    userConfig.put("pgaudit", after.pgaudit());
    AivenService written = new AivenService(s.project(), s.name(), s.type(), s.state(), s.pgVersion(), userConfig,
        after.pgaudit(), s.connection(), s.integrations());
    cache.replace(obs.cacheKey(), new ObservationCache.Entry(written, after.integrations(), after.sql(), obs.readAt()));
  }

  /**
   * A Service-scope policy needs no SQL to be applied, only to know its coverage: read when a
   * connection is at hand (avnadmin's, read for a peer), and a failure only leaves coverage unknown.
   */
  private static StoredSettings readForCoverage(LazySession sql, AivenService service,
      Optional<PgConnectionParams> connection) {
    if (connection.isEmpty() && service.connection() == null) return null;
    try {
      return sql.get().readAll();
    } catch (RuntimeException e) {
      sql.close();
      return null;
    }
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

  private PgAuditSession openSql(AivenService service, Optional<PgConnectionParams> connection) {
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

  /** How soon to look again at something that passes by itself (old sessions ending). */
  java.time.Duration recheck() {
    return delays.fast();
  }

  static int majorVersion(String pgVersion) {
    try {
      return pgVersion == null ? Integer.MAX_VALUE : Integer.parseInt(pgVersion.split("\\.")[0].trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
