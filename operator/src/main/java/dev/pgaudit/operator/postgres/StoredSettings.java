package dev.pgaudit.operator.postgres;

import java.util.List;
import java.util.Map;

/**
 * Every pgaudit setting stored in pg_db_role_setting for databases, roles and role+database
 * pairs, raw as PostgreSQL stores them (compare with {@link SettingValues#sameMeaning}); and, read
 * by the same query, the user databases and the login roles that exist (null when not read) and
 * which of those roles may connect to which database ({@link ConnectRights}), which tell what a
 * policy's scope covers.
 */
public record StoredSettings(Map<SqlTarget, Map<PgAuditSetting, String>> byTarget, List<String> databases,
    List<String> loginRoles, ConnectRights connect) {

  public StoredSettings {
    byTarget = Map.copyOf(byTarget);
    databases = databases == null ? null : List.copyOf(databases);
    loginRoles = loginRoles == null ? null : List.copyOf(loginRoles);
    connect = connect == null ? ConnectRights.OPEN : connect;
  }

  /** The settings with the catalog they were read with. */
  StoredSettings(Map<SqlTarget, Map<PgAuditSetting, String>> byTarget, StoredSettingsQuery.Catalog catalog) {
    this(byTarget, catalog.databases(), catalog.loginRoles(), catalog.connect());
  }

  /** Every login role may connect to every database listed. */
  public StoredSettings(Map<SqlTarget, Map<PgAuditSetting, String>> byTarget, List<String> databases,
      List<String> loginRoles) {
    this(byTarget, databases, loginRoles, ConnectRights.OPEN);
  }

  /** Settings only, without the list of databases and login roles. */
  public StoredSettings(Map<SqlTarget, Map<PgAuditSetting, String>> byTarget) {
    this(byTarget, null, null);
  }

  /** The settings stored on one target; empty when none. */
  public Map<PgAuditSetting, String> of(SqlTarget target) {
    return byTarget.getOrDefault(target, Map.of());
  }

  /** Other settings, the same databases, login roles and connect rights: what this becomes after the operator's own write. */
  public StoredSettings withSettings(Map<SqlTarget, Map<PgAuditSetting, String>> settings) {
    return new StoredSettings(settings, databases, loginRoles, connect);
  }

  /** True when the databases and login roles were read along with the settings. */
  public boolean knowsCatalog() {
    return databases != null && loginRoles != null;
  }
}
