package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The value a new session of a (database, role) pair gets for a pgaudit setting, as PostgreSQL
 * picks it at connection time: role in database, else role, else database (pg_db_role_setting),
 * else the server configuration, which on Aiven is user_config.pgaudit while pgaudit is enabled
 * (feature_enabled), else pgaudit's own default.
 */
public final class Precedence {
  /** pgaudit's defaults (its README), as the text pgaudit takes. */
  static final Map<PgAuditSetting, String> DEFAULTS = defaults();

  private final StoredSettings stored;
  private final Map<String, Object> servicePgaudit;
  private final boolean featureEnabled;

  /**
   * @param servicePgaudit the service's user_config.pgaudit as Aiven returns it
   */
  public Precedence(StoredSettings stored, Map<String, Object> servicePgaudit) {
    this.stored = stored;
    this.servicePgaudit = servicePgaudit;
    this.featureEnabled = Boolean.TRUE.equals(servicePgaudit.get("feature_enabled"));
  }

  /** A value and where it comes from: a Slot.Sql, a Slot.AivenKey, or null for pgaudit's default. */
  public record Effective(String value, Slot source) {
    public String sourceText() {
      if (source == null) return "pgaudit default";
      if (source instanceof Slot.AivenKey) return "service";
      return source.target();
    }
  }

  public Effective effective(Pair pair, PgAuditSetting setting) {
    for (SqlTarget target : new SqlTarget[] {new SqlTarget.RoleInDatabase(pair.role(), pair.database()),
        new SqlTarget.Role(pair.role()), new SqlTarget.Database(pair.database())}) {
      String value = stored.of(target).get(setting);
      if (value != null) return new Effective(value, new Slot.Sql(target, setting));
    }
    String key = aivenKey(setting);
    Object service = featureEnabled ? servicePgaudit.get(key) : null;
    if (service != null) return new Effective(text(service), new Slot.AivenKey(key));
    return new Effective(DEFAULTS.get(setting), null);
  }

  /** The user_config.pgaudit key of a setting: its name without "pgaudit.". */
  static String aivenKey(PgAuditSetting setting) {
    return setting.guc().substring("pgaudit.".length());
  }

  /** A user_config.pgaudit value as the text pgaudit takes: lists joined, booleans on/off. */
  static String text(Object value) {
    if (value instanceof Collection<?> list) return list.stream().map(String::valueOf).collect(Collectors.joining(", "));
    if (value instanceof Boolean b) return b ? "on" : "off";
    return String.valueOf(value);
  }

  private static Map<PgAuditSetting, String> defaults() {
    Map<PgAuditSetting, String> d = new EnumMap<>(PgAuditSetting.class);
    d.put(PgAuditSetting.LOG, "none");
    d.put(PgAuditSetting.LOG_CATALOG, "on");
    d.put(PgAuditSetting.LOG_CLIENT, "off");
    d.put(PgAuditSetting.LOG_LEVEL, "log");
    d.put(PgAuditSetting.LOG_PARAMETER, "off");
    d.put(PgAuditSetting.LOG_PARAMETER_MAX_SIZE, "0");
    d.put(PgAuditSetting.LOG_RELATION, "off");
    d.put(PgAuditSetting.LOG_ROWS, "off");
    d.put(PgAuditSetting.LOG_STATEMENT, "on");
    d.put(PgAuditSetting.LOG_STATEMENT_ONCE, "off");
    d.put(PgAuditSetting.ROLE, "");
    return Map.copyOf(d);
  }
}
