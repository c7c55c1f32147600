package dev.pgaudit.operator.postgres;

/** The pgaudit settings that can be stored per database, role or role in database. */
public enum PgAuditSetting {
  LOG("pgaudit.log", Kind.CLASS_LIST),
  LOG_CATALOG("pgaudit.log_catalog", Kind.BOOLEAN),
  LOG_CLIENT("pgaudit.log_client", Kind.BOOLEAN),
  LOG_LEVEL("pgaudit.log_level", Kind.LEVEL),
  LOG_PARAMETER("pgaudit.log_parameter", Kind.BOOLEAN),
  LOG_PARAMETER_MAX_SIZE("pgaudit.log_parameter_max_size", Kind.INTEGER),
  LOG_RELATION("pgaudit.log_relation", Kind.BOOLEAN),
  LOG_ROWS("pgaudit.log_rows", Kind.BOOLEAN),
  LOG_STATEMENT("pgaudit.log_statement", Kind.BOOLEAN),
  LOG_STATEMENT_ONCE("pgaudit.log_statement_once", Kind.BOOLEAN),
  ROLE("pgaudit.role", Kind.TEXT);

  /** How a value is compared by meaning. */
  public enum Kind { CLASS_LIST, BOOLEAN, LEVEL, INTEGER, TEXT }

  private final String guc;
  private final Kind kind;

  PgAuditSetting(String guc, Kind kind) {
    this.guc = guc;
    this.kind = kind;
  }

  /** The parameter name as PostgreSQL stores it, e.g. pgaudit.log_catalog. */
  public String guc() { return guc; }

  public Kind kind() { return kind; }

  /** The setting for a stored name (stored names are canonical lower case), or null. */
  public static PgAuditSetting fromGuc(String name) {
    for (PgAuditSetting s : values()) {
      if (s.guc.equalsIgnoreCase(name)) return s;
    }
    return null;
  }
}
