package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.PgAuditSettingsGateway;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the real state a policy's plan needs, and no more: one service GET (with secrets only when
 * the SQL side must use avnadmin), one pg_db_role_setting query when SQL slots are involved, one
 * integration list when an integration slot is involved — or none of these when a policy at rest
 * can reuse a recent observation of its service (see {@link ObservationCache}). Reusing one never
 * spares the policy's own PostgreSQL login: it is proven once per window.
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
    // pgaudit.role is checked against pg_roles whatever the scope: a role that does not exist audits
    // nothing. Not on deletion, which must not depend on a login it does not otherwise need.
    Set<String> auditRoles = mayUseCache ? auditRoles(intent) : Set.of();
    boolean needLogin = needSql || !auditRoles.isEmpty();
    boolean needSecrets = needLogin && connection.isEmpty();
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
    List<ServiceIntegration> integrations = !needIntegrations ? null : settled(intent, entry.integrations())
        ? entry.integrations()
        : aiven(Layer.SINK, "listing integrations of " + key, () -> aiven.listServiceIntegrations(key.project(), key.service()));
    LazySession sql = new LazySession(() -> openSql(service, connection, needSql));
    StoredSettings stored = null;
    if (needSql) {
      stored = entry.sql() != null ? entry.sql() : readSql(sql);
    } else if (intent.enforce() && intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.AivenKey)) {
      stored = entry.sql() != null ? entry.sql() : readForCoverage(sql, service, connection);
    }
    cache.put(cacheKey, entry.with(integrations, stored));
    if (needLogin && !sql.opened() && !cache.loginVerified(loginOf(service, connection))) {
      // The settings came from a peer's read; this policy's own login is checked all the same.
      sql.get();
    }
    Set<String> missingRoles = missingRoles(sql, key, auditRoles);
    Map<String, Object> pgaudit = service.pgaudit() == null ? Map.of() : service.pgaudit();
    return new Observation(aiven, service, sql, new Observed(key, pgaudit, stored, integrations), cacheKey,
        entry.readAt(), missingRoles);
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

  /** The non-empty pgaudit.role values the policy sets, at service level or on its SQL targets. */
  private static Set<String> auditRoles(PolicyIntent intent) {
    Set<String> roles = new TreeSet<>();
    intent.wants().forEach((slot, value) -> {
      if (isAuditRole(slot) && value != null && !value.toString().isEmpty()) roles.add(value.toString());
    });
    return roles;
  }

  /** pgaudit.role, at service level or on a SQL target. */
  static boolean isAuditRole(Slot slot) {
    return slot instanceof Slot.AivenKey k ? "role".equals(k.key())
        : slot instanceof Slot.Sql s && s.pgSetting() == PgAuditSetting.ROLE;
  }

  /** The audit roles that do not exist; those seen to exist within the window are not asked about again. */
  private Set<String> missingRoles(LazySession sql, ServiceKey service, Set<String> roles) {
    List<String> unseen = roles.stream().filter(r -> !cache.roleSeen(service, r)).toList();
    if (unseen.isEmpty()) return Set.of();
    Set<String> missing;
    try {
      missing = sql.get().missingRoles(unseen);
    } catch (SqlSettingsException e) {
      sql.close();
      throw ReconcileFailure.fromFinding(e.finding(), delays);
    }
    cache.rolesExist(service, unseen.stream().filter(r -> !missing.contains(r)).toList());
    return missing;
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

  /**
   * A shared list of integrations is good enough unless one this policy wants is not flowing: a
   * starting one is looked at again until Aiven reports it active, a failed one at every (slow)
   * retry, so a repair is seen.
   */
  private static boolean settled(PolicyIntent intent, List<ServiceIntegration> integrations) {
    if (integrations == null) return false;
    Observed view = new Observed(intent.service(), Map.of(), null, integrations);
    return intent.wants().keySet().stream().filter(s -> s instanceof Slot.LogsIntegration)
        .map(s -> view.integration((Slot.LogsIntegration) s))
        .allMatch(found -> found.map(ServiceIntegration::flowing).orElse(true));
  }

  /** The fingerprint of the login a policy's SQL side uses, or "" when Aiven gave none (opening then fails). */
  private static String loginOf(AivenService service, Optional<PgConnectionParams> connection) {
    PgConnectionParams params = connection.orElse(service.connection());
    return params == null ? "" : ObservationCache.loginFingerprint(params);
  }

  /** @param forScopes the session writes database/role settings (not only checks a role): needs PostgreSQL 15+ */
  private PgAuditSession openSql(AivenService service, Optional<PgConnectionParams> connection, boolean forScopes) {
    if (forScopes && majorVersion(service.pgVersion()) < FIRST_VERSION_WITH_SQL_SCOPES) {
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
      PgAuditSession session = gateway.open(params);
      cache.loginSucceeded(ObservationCache.loginFingerprint(params));
      return session;
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
