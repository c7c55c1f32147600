package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.LogField;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns a policy's spec into the values it wants, slot by slot. */
public final class Intents {
  private Intents() {}

  public static ServiceKey serviceOf(PgAuditPolicy policy) {
    var s = policy.getSpec().getService();
    return new ServiceKey(s.getProject(), s.getServiceName());
  }

  public static PolicyRef refOf(PgAuditPolicy policy) {
    var m = policy.getMetadata();
    return new PolicyRef(m.getNamespace(), m.getName(), m.getCreationTimestamp());
  }

  public static PolicyIntent of(PgAuditPolicy policy) {
    PgAuditPolicySpec spec = policy.getSpec();
    Map<Slot, Object> wants = new LinkedHashMap<>();
    List<String> classes = spec.getLog().stream().map(AuditClass::wire).toList();
    if (spec.getScope().getLevel() == dev.pgaudit.operator.api.ScopeLevel.Service) {
      wants.put(new Slot.AivenKey("log"), classes);
      aivenSettings(spec.getSettings()).forEach((key, value) -> wants.put(new Slot.AivenKey(key), value));
    } else {
      Map<PgAuditSetting, String> values = new LinkedHashMap<>();
      values.put(PgAuditSetting.LOG, String.join(", ", classes));
      values.putAll(sqlSettings(spec.getSettings()));
      for (SqlTarget target : targets(spec.getScope())) {
        values.forEach((setting, value) -> wants.put(new Slot.Sql(target, setting), value));
      }
    }
    if (spec.getSink() != null && spec.getSink().getOpensearch() != null) {
      OpenSearchSink sink = spec.getSink().getOpensearch();
      String destProject = sink.getProject() != null ? sink.getProject() : spec.getService().getProject();
      wants.put(new Slot.LogsIntegration(destProject, sink.getServiceName()), logsUserConfig(sink));
    }
    return new PolicyIntent(refOf(policy), serviceOf(policy), spec.getMode() != Mode.DryRun, wants);
  }

  /** The SQL targets of a Database, Role or DatabaseRole scope, in spec order. */
  public static List<SqlTarget> targets(Scope scope) {
    List<String> dbs = scope.getDatabases() == null ? List.of() : scope.getDatabases();
    List<String> roles = scope.getRoles() == null ? List.of() : scope.getRoles();
    List<SqlTarget> targets = new ArrayList<>();
    switch (scope.getLevel()) {
      case Database -> dbs.forEach(d -> targets.add(new SqlTarget.Database(d)));
      case Role -> roles.forEach(r -> targets.add(new SqlTarget.Role(r)));
      case DatabaseRole -> roles.forEach(r -> dbs.forEach(d -> targets.add(new SqlTarget.RoleInDatabase(r, d))));
      case Service -> { }
    }
    return targets.stream().distinct().toList();
  }

  static Map<String, Object> logsUserConfig(OpenSearchSink sink) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("elasticsearch_index_prefix", sink.getIndexPrefix() == null ? "logs" : sink.getIndexPrefix());
    config.put("elasticsearch_index_days_max", sink.getIndexDaysMax() == null ? 3 : sink.getIndexDaysMax());
    if (sink.getSelectedLogFields() != null) {
      config.put("selected_log_fields", sink.getSelectedLogFields().stream().map(LogField::name).toList());
    }
    return config;
  }

  private static Map<String, Object> aivenSettings(AuditSettings s) {
    Map<String, Object> keys = new LinkedHashMap<>();
    if (s == null) return keys;
    putIfSet(keys, "log_catalog", s.getLogCatalog());
    putIfSet(keys, "log_client", s.getLogClient());
    putIfSet(keys, "log_level", s.getLogLevel() == null ? null : s.getLogLevel().name());
    putIfSet(keys, "log_parameter", s.getLogParameter());
    putIfSet(keys, "log_parameter_max_size", s.getLogParameterMaxSize());
    putIfSet(keys, "log_relation", s.getLogRelation());
    putIfSet(keys, "log_rows", s.getLogRows());
    putIfSet(keys, "log_statement", s.getLogStatement());
    putIfSet(keys, "log_statement_once", s.getLogStatementOnce());
    putIfSet(keys, "role", s.getRole());
    putIfSet(keys, "log_max_string_length", s.getLogMaxStringLength());
    putIfSet(keys, "log_nested_statements", s.getLogNestedStatements());
    return keys;
  }

  private static Map<PgAuditSetting, String> sqlSettings(AuditSettings s) {
    Map<PgAuditSetting, String> values = new LinkedHashMap<>();
    if (s == null) return values;
    Function<Boolean, String> onOff = b -> b ? "on" : "off";
    putIfSet(values, PgAuditSetting.LOG_CATALOG, s.getLogCatalog(), onOff);
    putIfSet(values, PgAuditSetting.LOG_CLIENT, s.getLogClient(), onOff);
    putIfSet(values, PgAuditSetting.LOG_LEVEL, s.getLogLevel(), Enum::name);
    putIfSet(values, PgAuditSetting.LOG_PARAMETER, s.getLogParameter(), onOff);
    putIfSet(values, PgAuditSetting.LOG_PARAMETER_MAX_SIZE, s.getLogParameterMaxSize(), String::valueOf);
    putIfSet(values, PgAuditSetting.LOG_RELATION, s.getLogRelation(), onOff);
    putIfSet(values, PgAuditSetting.LOG_ROWS, s.getLogRows(), onOff);
    putIfSet(values, PgAuditSetting.LOG_STATEMENT, s.getLogStatement(), onOff);
    putIfSet(values, PgAuditSetting.LOG_STATEMENT_ONCE, s.getLogStatementOnce(), onOff);
    putIfSet(values, PgAuditSetting.ROLE, s.getRole(), Function.identity());
    return values;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) map.put(key, value);
  }

  private static <T> void putIfSet(Map<PgAuditSetting, String> map, PgAuditSetting key, T value, Function<T, String> render) {
    if (value != null) map.put(key, render.apply(value));
  }
}
