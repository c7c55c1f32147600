package dev.pgaudit.operator.postgres;

import java.util.Map;

/**
 * Every pgaudit setting stored in pg_db_role_setting for databases, roles and role+database
 * pairs, raw as PostgreSQL stores them (compare with {@link SettingValues#sameMeaning}).
 */
public record StoredSettings(Map<SqlTarget, Map<PgAuditSetting, String>> byTarget) {

  public StoredSettings {
    byTarget = Map.copyOf(byTarget);
  }

  /** The settings stored on one target; empty when none. */
  public Map<PgAuditSetting, String> of(SqlTarget target) {
    return byTarget.getOrDefault(target, Map.of());
  }
}
