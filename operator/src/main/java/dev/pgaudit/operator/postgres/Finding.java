package dev.pgaudit.operator.postgres;

/**
 * Something that stops (or would stop) a SQL-level write, with one sentence a user can act on,
 * naming the setting and target. Pre-flight returns these instead of throwing.
 */
public record Finding(Kind kind, SqlTarget target, PgAuditSetting setting, String message) {

  public enum Kind {
    /** PostgreSQL older than 15: database/role scopes cannot be written by a non-superuser. */
    UNSUPPORTED_VERSION,
    /**
     * pgaudit parameters not usable yet and the extension not installed: feature_enabled is still
     * being applied (reference §7.5). Passes by itself; retried within seconds.
     */
    EXTENSION_NOT_READY,
    /** No SET privilege on the parameter (42501 permission denied to set parameter). */
    MISSING_PRIVILEGE,
    /** ALTER DATABASE needs ownership (42501 must be owner of database). */
    NOT_OWNER,
    /** 42704. */
    ROLE_NOT_FOUND,
    /** 3D000. */
    DATABASE_NOT_FOUND,
    /** 22023. */
    INVALID_VALUE,
    /** The connection failed or another SQL error. */
    CONNECTION_FAILED,
    /** PostgreSQL refused the login (SQLSTATE class 28): no such role, NOLOGIN, wrong password. */
    LOGIN_FAILED,
    OTHER
  }
}
