package dev.pgaudit.operator.api;

/** Where a policy's settings live. */
public enum ScopeLevel {
  /** Aiven user_config.pgaudit of the service. */
  Service,
  /** ALTER DATABASE d SET. */
  Database,
  /** ALTER ROLE r SET. */
  Role,
  /** ALTER ROLE r IN DATABASE d SET. */
  DatabaseRole
}
