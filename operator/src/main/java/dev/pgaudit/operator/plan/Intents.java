package dev.pgaudit.operator.plan;

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
    if (spec.getScope().getLevel() == dev.pgaudit.operator.api.ScopeLevel.Service) {
      aivenSettings(spec).forEach((key, value) -> wants.put(new Slot.AivenKey(key), value));
    } else {
      Map<PgAuditSetting, String> values = sqlSettings(spec);
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

  /** The Service-scope keys the spec sets, in table order, as user_config.pgaudit takes them. */
  private static Map<String, Object> aivenSettings(PgAuditPolicySpec spec) {
    Map<String, Object> keys = new LinkedHashMap<>();
    for (AuditSettingTable row : AuditSettingTable.values()) {
      Object value = row.valueIn(spec);
      if (value != null) keys.put(row.aivenKey(), AuditSettingTable.aivenValue(value));
    }
    return keys;
  }

  /** The PostgreSQL parameters the spec sets, in table order, as the text pgaudit takes. */
  private static Map<PgAuditSetting, String> sqlSettings(PgAuditPolicySpec spec) {
    Map<PgAuditSetting, String> values = new LinkedHashMap<>();
    for (AuditSettingTable row : AuditSettingTable.values()) {
      Object value = row.valueIn(spec);
      if (value != null) row.sqlParameter().ifPresent(parameter -> values.put(parameter, AuditSettingTable.pgauditText(value)));
    }
    return values;
  }
}
