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
import java.util.Set;

/**
 * Reads the real state a policy's plan needs, and no more: one service GET (with secrets only when
 * the SQL side must use avnadmin), one pg_db_role_setting query when SQL slots are involved, one
 * integration list when an integration slot is involved.
 */
final class Observer {
  private static final Set<String> OPERATIONAL = Set.of("RUNNING", "REBALANCING");
  private static final int FIRST_VERSION_WITH_SQL_SCOPES = 15;

  private final AivenClientConfig aivenConfig;
  private final PgAuditSettingsGateway gateway;
  private final RetryDelays delays;

  Observer(AivenClientConfig aivenConfig, PgAuditSettingsGateway gateway, RetryDelays delays) {
    this.aivenConfig = aivenConfig;
    this.gateway = gateway;
    this.delays = delays;
  }

  Observation observe(PolicyIntent intent, Credentials.Token token, Optional<PgConnectionParams> connection) {
    boolean needSql = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.Sql);
    boolean needIntegrations = intent.wants().keySet().stream().anyMatch(s -> s instanceof Slot.LogsIntegration);
    var key = intent.service();
    AivenClient aiven = new AivenClient(aivenConfig, token.value(), token.source());

    AivenService service = aiven(Layer.SERVICE, "reading service " + key,
        () -> needSql && connection.isEmpty()
            ? aiven.getServiceWithSecrets(key.project(), key.service())
            : aiven.getService(key.project(), key.service()));
    if (service.state() == null || !OPERATIONAL.contains(service.state())) {
      throw new ReconcileFailure(Layer.SERVICE, Conditions.Reason.SERVICE_NOT_RUNNING,
          "service " + key + " is " + (service.state() == null ? "in no known state" : service.state())
              + "; waiting for RUNNING", delays.fast());
    }
    List<ServiceIntegration> integrations = needIntegrations
        ? aiven(Layer.SINK, "listing integrations of " + key, () -> aiven.listServiceIntegrations(key.project(), key.service()))
        : null;
    PgAuditSession sql = null;
    StoredSettings stored = null;
    if (needSql) {
      sql = openSql(service, connection);
      try {
        stored = sql.readAll();
      } catch (SqlSettingsException e) {
        sql.close();
        throw ReconcileFailure.fromFinding(e.finding(), delays);
      }
    }
    Map<String, Object> pgaudit = service.pgaudit() == null ? Map.of() : service.pgaudit();
    return new Observation(aiven, service, sql, new Observed(key, pgaudit, stored, integrations));
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

  static int majorVersion(String pgVersion) {
    try {
      return pgVersion == null ? Integer.MAX_VALUE : Integer.parseInt(pgVersion.split("\\.")[0].trim());
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
