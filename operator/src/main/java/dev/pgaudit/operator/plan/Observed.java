package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real state of one service as read for one reconcile: user_config.pgaudit, the stored SQL
 * settings (null when no SQL slot is involved) and the service's logs integrations (null when no
 * integration slot is involved).
 */
public record Observed(
    ServiceKey service, Map<String, Object> pgaudit, StoredSettings sql, List<ServiceIntegration> integrations) {

  public Object valueOf(Slot slot) {
    if (slot instanceof Slot.AivenKey key) return pgaudit.get(key.key());
    if (slot instanceof Slot.Sql s) return sql == null ? null : sql.of(s.sqlTarget()).get(s.pgSetting());
    return integration((Slot.LogsIntegration) slot).map(ServiceIntegration::userConfig).orElse(null);
  }

  public boolean featureEnabled() {
    return Boolean.TRUE.equals(pgaudit.get("feature_enabled"));
  }

  /** The enabled logs integration from this service to the slot's OpenSearch service, if any. */
  public Optional<ServiceIntegration> integration(Slot.LogsIntegration slot) {
    if (integrations == null) return Optional.empty();
    return integrations.stream()
        .filter(i -> i.id() != null && "logs".equals(i.type()))
        .filter(i -> service.service().equals(i.sourceService()) && slot.destService().equals(i.destService()))
        .filter(i -> i.destProject() == null || slot.destProject().equals(i.destProject()))
        .findFirst();
  }

  /**
   * The state after a change was written, without reading it back: what a shared observation
   * becomes after this operator's own write. {@code created} is the integration a create returned.
   */
  public Observed after(Change change, ServiceIntegration created) {
    if (change instanceof Change.SetServiceKeys keys) {
      Map<String, Object> merged = new LinkedHashMap<>(pgaudit);
      merged.putAll(keys.keys());
      return new Observed(service, merged, sql, integrations);
    }
    if (change instanceof Change.SqlSettings settings) return afterSql(List.of(settings));
    if (integrations == null) return this;
    List<ServiceIntegration> list = new ArrayList<>(integrations);
    if (change instanceof Change.CreateIntegration && created != null) {
      list.add(created);
    } else if (change instanceof Change.UpdateIntegration update) {
      list.replaceAll(i -> i.id() != null && i.id().equals(update.id()) ? withConfig(i, update.userConfig()) : i);
    } else if (change instanceof Change.DeleteIntegration delete) {
      list.removeIf(i -> delete.id().equals(i.id()));
    }
    return new Observed(service, pgaudit, sql, list);
  }

  /**
   * The state after these changes were written, in order, without reading it back ({@code created}:
   * what each integration create returned). The SQL changes go in at the end, all at once: one copy
   * of the settings, not one per target.
   */
  public Observed afterAll(List<Change> written, Map<Slot.LogsIntegration, ServiceIntegration> created) {
    Observed after = this;
    List<Change.SqlSettings> sql = new ArrayList<>();
    for (Change change : written) {
      if (change instanceof Change.SqlSettings settings) {
        sql.add(settings);
      } else {
        after = after.after(change, change instanceof Change.CreateIntegration create ? created.get(create.slot()) : null);
      }
    }
    return after.afterSql(sql);
  }

  /** The state after these SQL changes were written: one copy of the settings however many targets changed. */
  public Observed afterSql(List<Change.SqlSettings> changes) {
    if (sql == null || changes.isEmpty()) return this;
    Map<SqlTarget, Map<PgAuditSetting, String>> byTarget = new HashMap<>(sql.byTarget());
    for (Change.SqlSettings settings : changes) {
      Map<PgAuditSetting, String> values = new HashMap<>(byTarget.getOrDefault(settings.target(), Map.of()));
      values.putAll(settings.set());
      settings.reset().forEach(values::remove);
      if (values.isEmpty()) byTarget.remove(settings.target()); else byTarget.put(settings.target(), values);
    }
    return new Observed(service, pgaudit, sql.withSettings(byTarget), integrations);
  }

  /** A new config restarts an integration: it is inactive until Aiven says it runs again. */
  private static ServiceIntegration withConfig(ServiceIntegration i, Map<String, Object> userConfig) {
    return i.restarted(userConfig);
  }
}
