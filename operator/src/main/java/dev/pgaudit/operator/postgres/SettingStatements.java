package dev.pgaudit.operator.postgres;

/**
 * The exact ALTER ... SET / RESET statements for a target. Setting names come from the
 * {@link PgAuditSetting} whitelist; names and values are always quoted. Usable without a
 * connection, e.g. to show a dry-run plan.
 */
public final class SettingStatements {
  private SettingStatements() {}

  /** e.g. {@code ALTER ROLE "app" IN DATABASE "orders" SET pgaudit.log = 'read, ddl'}. */
  public static String set(SqlTarget target, PgAuditSetting setting, String value) {
    return set(target, setting, value, true);
  }

  /** As {@link #set(SqlTarget, PgAuditSetting, String)}, for the server's standard_conforming_strings. */
  public static String set(SqlTarget target, PgAuditSetting setting, String value, boolean standardConformingStrings) {
    if (value == null) throw new IllegalArgumentException("no value to set for " + setting.guc());
    return alter(target) + " SET " + setting.guc() + " = " + SqlQuoting.literal(value, standardConformingStrings);
  }

  /** e.g. {@code ALTER DATABASE "orders" RESET pgaudit.log}. */
  public static String reset(SqlTarget target, PgAuditSetting setting) {
    return alter(target) + " RESET " + setting.guc();
  }

  /** The statement head that addresses the target's row in pg_db_role_setting. */
  static String alter(SqlTarget target) {
    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    if (target instanceof SqlTarget.Database d) {
      return "ALTER DATABASE " + SqlQuoting.identifier(d.database());
    }
    if (target instanceof SqlTarget.Role r) {
      return "ALTER ROLE " + SqlQuoting.identifier(r.role());
    }
    SqlTarget.RoleInDatabase rd = (SqlTarget.RoleInDatabase) target;
    return "ALTER ROLE " + SqlQuoting.identifier(rd.role()) + " IN DATABASE " + SqlQuoting.identifier(rd.database());
  }
}
