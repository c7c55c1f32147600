package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.postgres.StoredSettings;
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
}
