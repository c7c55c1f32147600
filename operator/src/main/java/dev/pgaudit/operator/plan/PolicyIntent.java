package dev.pgaudit.operator.plan;

import java.util.Map;

/**
 * What one policy wants on its service: a value per slot (Aiven keys as JSON values, SQL
 * settings as the text pgaudit takes, the integration as its user_config). {@code enforce} is
 * false for DryRun policies, which never own anything.
 */
public record PolicyIntent(PolicyRef ref, ServiceKey service, boolean enforce, Map<Slot, Object> wants) {
  public PolicyIntent {
    wants = Map.copyOf(wants);
  }
}
