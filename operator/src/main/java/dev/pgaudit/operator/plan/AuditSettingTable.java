package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.PgAuditSetting.Kind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one definition of every pgaudit setting a policy manages, one row each: its CRD field, its
 * key in Aiven's user_config.pgaudit, its PostgreSQL parameter (none for the Aiven-only settings,
 * which only a Service scope sets), Aiven's default (written back when no policy holds the key any
 * more; none for role, which the API cannot remove), pgaudit's own default (what a session gets
 * when nothing sets it) and its value type (how values are compared, {@link PgAuditSetting.Kind}).
 * Intents, Planner and coverage's Precedence read this table; row order is the order of the
 * plan's keys and statements.
 */
public enum AuditSettingTable {
  LOG("log", PgAuditPolicySpec::getLog, "log", PgAuditSetting.LOG, List.of(), "none"),
  LOG_CATALOG("settings.logCatalog", settings(AuditSettings::getLogCatalog), "log_catalog",
      PgAuditSetting.LOG_CATALOG, true, "on"),
  LOG_CLIENT("settings.logClient", settings(AuditSettings::getLogClient), "log_client",
      PgAuditSetting.LOG_CLIENT, false, "off"),
  LOG_LEVEL("settings.logLevel", settings(AuditSettings::getLogLevel), "log_level",
      PgAuditSetting.LOG_LEVEL, "log", "log"),
  LOG_PARAMETER("settings.logParameter", settings(AuditSettings::getLogParameter), "log_parameter",
      PgAuditSetting.LOG_PARAMETER, false, "off"),
  LOG_PARAMETER_MAX_SIZE("settings.logParameterMaxSize", settings(AuditSettings::getLogParameterMaxSize),
      "log_parameter_max_size", PgAuditSetting.LOG_PARAMETER_MAX_SIZE, 0, "0"),
  LOG_RELATION("settings.logRelation", settings(AuditSettings::getLogRelation), "log_relation",
      PgAuditSetting.LOG_RELATION, false, "off"),
  LOG_ROWS("settings.logRows", settings(AuditSettings::getLogRows), "log_rows",
      PgAuditSetting.LOG_ROWS, false, "off"),
  LOG_STATEMENT("settings.logStatement", settings(AuditSettings::getLogStatement), "log_statement",
      PgAuditSetting.LOG_STATEMENT, true, "on"),
  LOG_STATEMENT_ONCE("settings.logStatementOnce", settings(AuditSettings::getLogStatementOnce), "log_statement_once",
      PgAuditSetting.LOG_STATEMENT_ONCE, false, "off"),
  ROLE("settings.role", settings(AuditSettings::getRole), "role", PgAuditSetting.ROLE, null, ""),
  LOG_MAX_STRING_LENGTH("settings.logMaxStringLength", settings(AuditSettings::getLogMaxStringLength),
      "log_max_string_length", Kind.INTEGER, -1),
  LOG_NESTED_STATEMENTS("settings.logNestedStatements", settings(AuditSettings::getLogNestedStatements),
      "log_nested_statements", Kind.BOOLEAN, true);

  private final String crdField;
  private final Function<PgAuditPolicySpec, Object> reader;
  private final String aivenKey;
  private final PgAuditSetting sqlParameter;
  private final Kind valueType;
  private final Object aivenDefault;
  private final String pgauditDefault;

  /** A setting PostgreSQL stores per database and role; its value type is the parameter's. */
  AuditSettingTable(String crdField, Function<PgAuditPolicySpec, ?> reader, String aivenKey,
      PgAuditSetting sqlParameter, Object aivenDefault, String pgauditDefault) {
    this(crdField, reader, aivenKey, sqlParameter, sqlParameter.kind(), aivenDefault, pgauditDefault);
  }

  /** An Aiven-only setting: no PostgreSQL parameter to store per database or role. */
  AuditSettingTable(String crdField, Function<PgAuditPolicySpec, ?> reader, String aivenKey, Kind valueType,
      Object aivenDefault) {
    this(crdField, reader, aivenKey, null, valueType, aivenDefault, null);
  }

  @SuppressWarnings("unchecked")
  AuditSettingTable(String crdField, Function<PgAuditPolicySpec, ?> reader, String aivenKey,
      PgAuditSetting sqlParameter, Kind valueType, Object aivenDefault, String pgauditDefault) {
    this.crdField = crdField;
    this.reader = (Function<PgAuditPolicySpec, Object>) reader;
    this.aivenKey = aivenKey;
    this.sqlParameter = sqlParameter;
    this.valueType = valueType;
    this.aivenDefault = aivenDefault;
    this.pgauditDefault = pgauditDefault;
  }

  /** The field's path under spec, e.g. settings.logCatalog. */
  public String crdField() { return crdField; }

  /** The key in user_config.pgaudit, e.g. log_catalog. */
  public String aivenKey() { return aivenKey; }

  /** The PostgreSQL parameter; empty for an Aiven-only setting. */
  public Optional<PgAuditSetting> sqlParameter() { return Optional.ofNullable(sqlParameter); }

  public Kind valueType() { return valueType; }

  /** Aiven's schema default, as its JSON value; empty for role, which has none. */
  public Optional<Object> aivenDefault() { return Optional.ofNullable(aivenDefault); }

  /** pgaudit's default as the text pgaudit takes; null for an Aiven-only setting. */
  public String pgauditDefault() { return pgauditDefault; }

  /** The value the spec gives this setting, as in the CRD (e.g. a LogLevel); null when not managed. */
  public Object valueIn(PgAuditPolicySpec spec) {
    return reader.apply(spec);
  }

  /**
   * A CRD value as user_config.pgaudit takes it: audit classes as their names, the log level as
   * its name, booleans and numbers as they are.
   */
  public static Object aivenValue(Object crdValue) {
    if (crdValue instanceof Collection<?> list) return list.stream().map(AuditSettingTable::word).toList();
    return crdValue instanceof Enum<?> ? word(crdValue) : crdValue;
  }

  /**
   * A CRD or user_config.pgaudit value as the text pgaudit takes: lists joined with ", ",
   * booleans as on/off, everything else as its name or number.
   */
  public static String pgauditText(Object value) {
    if (value instanceof Collection<?> list) return list.stream().map(AuditSettingTable::word).collect(Collectors.joining(", "));
    if (value instanceof Boolean b) return b ? "on" : "off";
    return word(value);
  }

  /** The row of a PostgreSQL parameter (every parameter has one). */
  public static AuditSettingTable of(PgAuditSetting parameter) {
    for (AuditSettingTable row : values()) {
      if (row.sqlParameter == parameter) return row;
    }
    throw new IllegalArgumentException("no row for " + parameter);
  }

  /** Aiven's defaults by key, for the keys that have one. */
  public static Map<String, Object> aivenDefaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (AuditSettingTable row : values()) row.aivenDefault().ifPresent(d -> defaults.put(row.aivenKey, d));
    return defaults;
  }

  private static Function<PgAuditPolicySpec, Object> settings(Function<AuditSettings, ?> field) {
    return spec -> spec.getSettings() == null ? null : field.apply(spec.getSettings());
  }

  private static String word(Object value) {
    if (value instanceof AuditClass c) return c.wire();
    if (value instanceof Enum<?> e) return e.name();
    return String.valueOf(value);
  }
}
