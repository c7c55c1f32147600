package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;

/** One place a policy puts one value. Two policies wanting different values in a slot conflict. */
public sealed interface Slot {

  /** Human-readable, for conditions, events and status.plan. */
  String target();

  String setting();

  /** A key of the service's user_config.pgaudit (never feature_enabled, which is shared). */
  record AivenKey(String key) implements Slot {
    public String target() { return "service"; }
    public String setting() { return "pgaudit." + key; }
  }

  /** A pgaudit setting stored on a database, role or role in database. */
  record Sql(SqlTarget sqlTarget, PgAuditSetting pgSetting) implements Slot {
    public String target() { return sqlTarget.describe(); }
    public String setting() { return pgSetting.guc(); }
  }

  /** The logs integration from the service to one OpenSearch service; the value is its user_config. */
  record LogsIntegration(String destProject, String destService) implements Slot {
    public String target() { return "logs integration to " + destProject + "/" + destService; }
    public String setting() { return "user_config"; }
  }
}
