package dev.pgaudit.operator.postgres;

/** Compares and renders pgaudit values by meaning, as PostgreSQL and pgaudit read them. */
public final class SettingValues {
  private SettingValues() {}

  /**
   * True when both raw values mean the same for the setting: class lists as case-insensitive
   * effective sets (with -exclusions, misc covering misc_set), booleans as PostgreSQL parses them
   * (on/true/yes/1, unique prefixes), numbers numerically, levels case-insensitively, role exactly.
   */
  public static boolean sameMeaning(PgAuditSetting setting, String a, String b) {
    throw new UnsupportedOperationException("issue 4");
  }
}
