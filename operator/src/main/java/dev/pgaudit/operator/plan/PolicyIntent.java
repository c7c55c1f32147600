package dev.pgaudit.operator.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one policy wants on its service: a value per slot (Aiven keys as JSON values, SQL
 * settings as the text pgaudit takes, the integration as its user_config). {@code enforce} is
 * false for DryRun policies, which never own anything. {@code wants} keeps the spec's order (not
 * Map.copyOf's per-JVM order), so plans, status.plan and its digest are the same after a restart.
 */
public record PolicyIntent(PolicyRef ref, ServiceKey service, boolean enforce, Map<Slot, Object> wants) {
  public PolicyIntent {
    wants = Collections.unmodifiableMap(new LinkedHashMap<>(wants));
  }
}
