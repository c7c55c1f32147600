package dev.pgaudit.operator.postgres;

/**
 * One committed statement that changed a pgaudit setting on one target: a SET with its value or a
 * RESET, and the exact SQL that ran. Listeners (metrics, tests) read the kind from the type, never
 * from the SQL text.
 */
public sealed interface SettingWrite {
  SqlTarget target();

  PgAuditSetting setting();

  /** The statement as executed, e.g. {@code ALTER DATABASE "orders" SET pgaudit.log = 'ddl'}. */
  String sql();

  /** {@code ALTER ... SET setting = value}. */
  record Set(SqlTarget target, PgAuditSetting setting, String value, String sql) implements SettingWrite {}

  /** {@code ALTER ... RESET setting}. */
  record Reset(SqlTarget target, PgAuditSetting setting, String sql) implements SettingWrite {}
}
