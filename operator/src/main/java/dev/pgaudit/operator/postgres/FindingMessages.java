package dev.pgaudit.operator.postgres;

/** The one-sentence explanations of pre-flight findings, each naming setting and/or target. */
final class FindingMessages {
  private FindingMessages() {}

  static Finding unsupportedVersion(SqlTarget target, int serverVersionNum) {
    return new Finding(Finding.Kind.UNSUPPORTED_VERSION, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because PostgreSQL "
            + version(serverVersionNum) + " lets only superusers do that; PostgreSQL 15 or newer is required.");
  }

  static Finding unknownSetting(SqlTarget target, PgAuditSetting setting) {
    return new Finding(Finding.Kind.UNSUPPORTED_VERSION, target, setting,
        "Cannot set " + setting.guc() + " on " + target.describe()
            + " because this server does not know that setting (pgaudit not loaded, or a pgaudit version without it).");
  }

  static Finding extensionEnabling(SqlTarget target, PgAuditSetting unusable, String user) {
    return new Finding(Finding.Kind.EXTENSION_NOT_READY, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " yet: the pgaudit extension is being enabled on"
            + " the service (it is not installed in this database and user \"" + user + "\" cannot set "
            + unusable.guc() + " yet); retrying in a few seconds. If this lasts, check that feature_enabled is true"
            + " and that \"" + user + "\" holds SET on the pgaudit parameters.");
  }

  static Finding missingSetPrivilege(SqlTarget target, PgAuditSetting setting, String user) {
    return new Finding(Finding.Kind.MISSING_PRIVILEGE, target, setting,
        "Cannot set " + setting.guc() + " on " + target.describe() + " because user " + SqlQuoting.quoted(user)
            + " lacks GRANT SET ON PARAMETER " + setting.guc() + ".");
  }

  static Finding databaseNotFound(SqlTarget target, String database) {
    return new Finding(Finding.Kind.DATABASE_NOT_FOUND, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because database " + SqlQuoting.quoted(database) + " does not exist.");
  }

  static Finding notOwner(SqlTarget target, String database, String owner, String user) {
    return new Finding(Finding.Kind.NOT_OWNER, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because user " + SqlQuoting.quoted(user)
            + " does not own database " + SqlQuoting.quoted(database) + " (owner " + SqlQuoting.quoted(owner) + ") nor belong to its owner role.");
  }

  static Finding roleNotFound(SqlTarget target, String role) {
    return new Finding(Finding.Kind.ROLE_NOT_FOUND, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because role " + SqlQuoting.quoted(role) + " does not exist.");
  }

  static Finding superuserRole(SqlTarget target, String role, String user) {
    return new Finding(Finding.Kind.MISSING_PRIVILEGE, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because role " + SqlQuoting.quoted(role)
            + " is a superuser and user " + SqlQuoting.quoted(user) + " is not.");
  }

  static Finding noCreateRole(SqlTarget target, String user) {
    return new Finding(Finding.Kind.MISSING_PRIVILEGE, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because user " + SqlQuoting.quoted(user)
            + " has no CREATEROLE attribute.");
  }

  static Finding noAdminOption(SqlTarget target, String role, String user) {
    return new Finding(Finding.Kind.MISSING_PRIVILEGE, target, null,
        "Cannot store pgaudit settings on " + target.describe() + " because user " + SqlQuoting.quoted(user)
            + " has no ADMIN option on role " + SqlQuoting.quoted(role) + ", which PostgreSQL 16 and newer require.");
  }

  private static String version(int serverVersionNum) {
    return serverVersionNum >= 100000
        ? (serverVersionNum / 10000) + "." + (serverVersionNum % 10000)
        : (serverVersionNum / 10000) + "." + (serverVersionNum / 100 % 100) + "." + (serverVersionNum % 100);
  }
}
