package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the real state a policy's plan needs, and no more: its service (user_config and
 * integrations) from the project's shared reading ({@link ProjectReadings}: one list request per
 * project and token per window, with secrets only when some policy on the service must use
 * avnadmin and no credentials are kept), one pg_db_role_setting query when SQL slots are involved
 * (shared per window by {@link ObservationCache}), and the project again (one re-read shared by
 * every waiting policy of the project, at most one per re-check interval) only while an
 * integration the policy wants is not flowing yet. A sink's destination is looked up in its
 * project's reading too ({@link SinkDestinations}). Sharing never spares the policy its own
 * PostgreSQL login: it is proven once per window.
 */
final class Observer {
  private static final int FIRST_VERSION_WITH_SQL_SCOPES = 15;

  private final AivenClientConfig aivenConfig;
  private final PgSessionOpener sessions;
  private final RetryDelays delays;
  private final ObservationCache cache;
  private final ProjectReadings readings;

  Observer(AivenClientConfig aivenConfig, PgSessionOpener sessions, RetryDelays delays, ObservationCache cache,
      ProjectReadings readings) {
    this.aivenConfig = aivenConfig;
    this.sessions = sessions;
    this.delays = delays;
    this.cache = cache;
    this.readings = readings;
  }

  /**
   * @param mayUseCache true for reconciles: a reading of the project (by this or another policy with
   *     the same token) within the window is good enough; false for deletions, which need a reading
   *     sent after they began (concurrent deletions still share one)
   * @param peersNeedSecrets some live policy on the service will connect as avnadmin
   */
  /** What one reconcile read, and the gateways to write through; closing it closes the gateways. */
  record Looked(Observation seen, Gateways gateways) implements AutoCloseable {
    @Override
    public void close() {
      gateways.close();
    }
  }

  Looked observe(PolicyIntent intent, Credentials.Token token, Optional<PgConnectionParams> connection,
      boolean mayUseCache, boolean peersNeedSecrets) {
    boolean needSql = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.Sql);
    boolean needIntegrations = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.LogsIntegration);
    // pgaudit.role is checked against pg_roles whatever the scope: a role that does not exist audits
    // nothing. Not on deletion, which must not depend on a login it does not otherwise need.
    Set<String> auditRoles = mayUseCache ? auditRoles(intent) : Set.of();
    boolean needLogin = needSql || !auditRoles.isEmpty();
    boolean needSecrets = needLogin && connection.isEmpty();
    // Credentials are kept when any policy on the service will need them, so one read serves all
    // (and a Service-scope policy can read the state its coverage needs).
    boolean readSecrets = needSecrets || peersNeedSecrets;
    var key = intent.service();
    var cacheKey = ObservationCache.key(key, token.value());
    AivenClient aiven = new AivenClient(aivenConfig, token.value(), token.source());
    Instant trustedSince = mayUseCache ? cache.trustedSince() : readings.now();

    String fingerprint = cacheKey.tokenFingerprint();
    AivenService read = aiven(Layer.SERVICE, "reading service " + key,
        () -> readings.service(key, aiven, fingerprint, trustedSince, readSecrets));
    // An integration the policy wants that is not flowing yet: what Aiven says of it now, from the
    // project's re-read that every waiting policy of the project shares (at most one per interval).
    AivenService service = !needIntegrations || settled(intent, read.integrations()) ? read
        : aiven(Layer.SINK, "reading the integrations of " + key,
            () -> readings.reread(key, aiven, fingerprint, SinkState.recheck(delays), readSecrets));
    if (!service.isOperational()) {
      throw new ReconcileFailure(Layer.SERVICE, Conditions.Reason.SERVICE_NOT_RUNNING,
          "service " + key + " is " + (service.state() == null ? "in no known state" : service.state())
              + "; waiting for RUNNING", delays.fast());
    }
    List<ServiceIntegration> integrations = needIntegrations ? service.integrations() : null;
    LazySession sql = new LazySession(() -> openSql(key, service, connection, needSql));
    StoredSettings stored = null;
    Instant readAt = cache.now();
    boolean forCoverage = !needSql && intent.enforce()
        && intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.AivenKey);
    if (needSql || forCoverage) {
      ObservationCache.Entry cached = mayUseCache ? cache.fresh(cacheKey) : null;
      if (cached != null) {
        stored = cached.sql();
        readAt = cached.readAt();
      } else {
        stored = needSql ? readSql(sql) : readForCoverage(sql, service, connection);
        if (stored != null) cache.put(cacheKey, new ObservationCache.Entry(stored, readAt));
      }
    }
    if (needLogin && !sql.opened() && !cache.loginVerified(loginOf(service, connection))) {
      // The settings came from a peer's read; this policy's own login is checked all the same.
      sql.get();
    }
    Set<String> missingRoles = missingRoles(sql, key, auditRoles);
    Map<String, Object> pgaudit = service.pgaudit() == null ? Map.of() : service.pgaudit();
    SinkDestinations destinations = new SinkDestinations(readings, aiven, fingerprint, trustedSince,
        SinkState.recheck(delays), delays);
    return new Looked(new Observation(service, new Observed(key, pgaudit, stored, integrations), missingRoles, cacheKey,
        readAt), new Gateways(aiven, sql, destinations));
  }

  /**
   * The state after this run's writes, without reading it back ({@code result} null: the apply
   * threw). After writes that all succeeded, the shared readings become it: the service as the PUT
   * answered it (else as planned), the integrations as created; the settings keep their read time,
   * so writing never extends how long they are trusted. After a failure, the service is unsure and
   * the next reconcile reads the truth.
   */
  Observed remember(Observation seen, Applier.Result result) {
    ServiceKey key = seen.observed().service();
    Observed after = result == null ? seen.observed() : seen.observed().afterAll(result.written(), result.created());
    if (result == null || !result.failures().isEmpty()) {
      cache.invalidate(key);
      // A failed SQL write leaves the Aiven side as read; a failed Aiven write (or an apply that
      // threw, with no failures recorded) leaves it unknown.
      boolean aivenUnknown = result == null || result.failures().keySet().stream().anyMatch(layer -> layer != Layer.SQL);
      if (aivenUnknown) readings.unsure(key);
      return after;
    }
    AivenService s = result.servicePut() != null ? result.servicePut() : seen.service();
    Map<String, Object> pgaudit = result.servicePut() != null ? s.pgaudit() : after.pgaudit();
    Map<String, Object> userConfig = new java.util.LinkedHashMap<>(s.userConfig() == null ? Map.of() : s.userConfig());
    userConfig.put("pgaudit", pgaudit);
    List<ServiceIntegration> integrations = after.integrations() != null ? after.integrations() : s.integrations();
    AivenService written = new AivenService(s.project(), s.name(), s.type(), s.state(), s.pgVersion(), userConfig,
        pgaudit, null, integrations);
    readings.wrote(key, seen.cacheKey().tokenFingerprint(), written);
    if (after.sql() != null) cache.replace(seen.cacheKey(), new ObservationCache.Entry(after.sql(), seen.readAt()));
    return after;
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
   * The reading's integrations are good enough unless one this policy wants is not flowing: a
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
  private PgAuditSession openSql(ServiceKey key, AivenService service, Optional<PgConnectionParams> connection,
      boolean forScopes) {
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
      // A session another reconcile gave back is as good as a new one while its login is within
      // the window, the age the login proof may have anyway.
      PgAuditSession session = sessions.reuse(params, cache.window());
      cache.loginSucceeded(ObservationCache.loginFingerprint(params), session.loginAge());
      return session;
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
