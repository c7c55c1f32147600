package dev.pgaudit.reliability;

import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the real state straight from the simulator and from pg_db_role_setting (as superuser). */
final class RealState {

  /** One stored setting: database and role ("" when the row is not for one), and the parameter name. */
  record SettingKey(String database, String role, String name) implements Comparable<SettingKey> {
    static SettingKey of(SqlTarget target, PgAuditSetting setting) {
      if (target instanceof SqlTarget.Database d) return new SettingKey(d.database(), "", setting.guc());
      if (target instanceof SqlTarget.Role r) return new SettingKey("", r.role(), setting.guc());
      SqlTarget.RoleInDatabase rd = (SqlTarget.RoleInDatabase) target;
      return new SettingKey(rd.database(), rd.role(), setting.guc());
    }

    @Override
    public int compareTo(SettingKey o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return "db=" + database + " role=" + role + " " + name;
    }
  }

  private final OperatorTestEnv env;

  RealState(OperatorTestEnv env) {
    this.env = env;
  }

  /** Every row of pg_db_role_setting, every parameter, pgaudit or not. */
  Map<SettingKey, String> dbRoleSettings() {
    String sql = "SELECT coalesce(d.datname, ''), coalesce(r.rolname, ''), o.option_name, o.option_value"
        + " FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase"
        + " LEFT JOIN pg_roles r ON r.oid = s.setrole CROSS JOIN LATERAL pg_options_to_table(s.setconfig) o";
    Map<SettingKey, String> values = new TreeMap<>();
    PgLogin params = env.pg.superuserParams();
    try (Connection c = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
         var statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) values.put(new SettingKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getString(4));
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return values;
  }

  Map<String, Object> userConfig(String service) {
    return env.aiven.userConfig(OperatorTestEnv.PROJECT, service);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> pgaudit(String service) {
    return (Map<String, Object>) userConfig(service).getOrDefault("pgaudit", Map.of());
  }

  /** The logs integrations from {@code service} to the slot's destination. */
  List<IntegrationSnapshot> logsIntegrations(String service, Slot.LogsIntegration slot) {
    return logsIntegrations().stream()
        .filter(i -> service.equals(i.sourceService()) && slot.destService().equals(i.destService())
            && slot.destProject().equals(i.destProject() == null ? OperatorTestEnv.PROJECT : i.destProject()))
        .toList();
  }

  List<IntegrationSnapshot> logsIntegrations() {
    return env.aiven.integrations(OperatorTestEnv.PROJECT).stream().filter(i -> "logs".equals(i.type())).toList();
  }

  /** What the real state holds for one slot of a policy on {@code service}, as the operator would read it. */
  Object valueOf(String service, Slot slot, Map<SettingKey, String> settings) {
    if (slot instanceof Slot.AivenKey key) return pgaudit(service).get(key.key());
    if (slot instanceof Slot.Sql sql) return settings.get(SettingKey.of(sql.sqlTarget(), sql.pgSetting()));
    List<IntegrationSnapshot> found = logsIntegrations(service, (Slot.LogsIntegration) slot);
    return found.size() == 1 ? found.get(0).userConfig() : null;
  }

  Optional<String> integrationId(String service, Slot.LogsIntegration slot) {
    List<IntegrationSnapshot> found = logsIntegrations(service, slot);
    return found.size() == 1 ? Optional.of(found.get(0).id()) : Optional.empty();
  }
}
