package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.AuditSettingTable;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value a new session of a (database, role) pair gets for a pgaudit setting, as PostgreSQL
 * picks it at connection time: role in database, else role, else database (pg_db_role_setting),
 * else the server configuration, which on Aiven is user_config.pgaudit while pgaudit is enabled
 * (feature_enabled), else pgaudit's own default.
 *
 * <p>One instance per observed state of a service ({@link ServiceCoverage}), shared by the pairs of
 * every policy there: a value found on a target is one {@link Effective} whatever the number of
 * pairs it reaches, and the service-level values are worked out once.
 */
public final class Precedence {
  /** pgaudit's defaults (its README), as the text pgaudit takes. */
  static final Map<PgAuditSetting, String> DEFAULTS = defaults();

  private final StoredSettings stored;
  private final Map<PgAuditSetting, Effective> serviceLevel = new EnumMap<>(PgAuditSetting.class);
  private final Map<Slot.Sql, Effective> found = new ConcurrentHashMap<>();

  /**
   * @param servicePgaudit the service's user_config.pgaudit as Aiven returns it
   */
  public Precedence(StoredSettings stored, Map<String, Object> servicePgaudit) {
    this.stored = stored;
    boolean featureEnabled = Boolean.TRUE.equals(servicePgaudit.get("feature_enabled"));
    for (PgAuditSetting setting : PgAuditSetting.values()) {
      String key = aivenKey(setting);
      Object service = featureEnabled ? servicePgaudit.get(key) : null;
      serviceLevel.put(setting, service != null ? new Effective(text(service), new Slot.AivenKey(key))
          : new Effective(DEFAULTS.get(setting), null));
    }
  }

  /** A value and where it comes from: a Slot.Sql, a Slot.AivenKey, or null for pgaudit's default. */
  public record Effective(String value, Slot source) {
    public String sourceText() {
      if (source == null) return "pgaudit default";
      if (source instanceof Slot.AivenKey) return "service";
      return source.target();
    }
  }

  /**
   * The same instance for every pair the same value reaches from the same place. Found lazily, per
   * target a pair asks about: the settings read are the whole server's, and an index of all of them
   * per service held one copy of every target's values per service (at 10,000 policies on one
   * server standing for 1,000 services, more than the heap).
   */
  public Effective effective(Pair pair, PgAuditSetting setting) {
    Effective e = stored(new SqlTarget.RoleInDatabase(pair.role(), pair.database()), setting);
    if (e == null) e = stored(new SqlTarget.Role(pair.role()), setting);
    if (e == null) e = stored(new SqlTarget.Database(pair.database()), setting);
    return e != null ? e : serviceLevel.get(setting);
  }

  /** The value stored on a target, as one shared instance; null when none. */
  private Effective stored(SqlTarget target, PgAuditSetting setting) {
    String value = stored.of(target).get(setting);
    if (value == null) return null;
    return found.computeIfAbsent(new Slot.Sql(target, setting), slot -> new Effective(value, slot));
  }

  /** The user_config.pgaudit key of a setting (its row in the settings table). */
  static String aivenKey(PgAuditSetting setting) {
    return AuditSettingTable.of(setting).aivenKey();
  }

  /** A user_config.pgaudit value as the text pgaudit takes: lists joined, booleans on/off. */
  static String text(Object value) {
    return AuditSettingTable.pgauditText(value);
  }

  private static Map<PgAuditSetting, String> defaults() {
    Map<PgAuditSetting, String> d = new EnumMap<>(PgAuditSetting.class);
    for (PgAuditSetting setting : PgAuditSetting.values()) d.put(setting, AuditSettingTable.of(setting).pgauditDefault());
    return Map.copyOf(d);
  }
}
