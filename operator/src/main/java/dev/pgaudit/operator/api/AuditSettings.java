package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The pgaudit settings other than log. A null field is not managed by the policy. */
public class AuditSettings {
  @JsonPropertyDescription("pgaudit.log_catalog: also log statements that only touch pg_catalog.")
  private Boolean logCatalog;

  @JsonPropertyDescription("pgaudit.log_client: also send audit messages to the client.")
  private Boolean logClient;

  @JsonPropertyDescription("pgaudit.log_level: level of audit messages sent to the client.")
  private LogLevel logLevel;

  @JsonPropertyDescription("pgaudit.log_parameter: include bound parameters.")
  private Boolean logParameter;

  @Min(0)
  @Max(1073741823)
  @JsonPropertyDescription("pgaudit.log_parameter_max_size: longer parameters are suppressed; 0 = no limit.")
  private Integer logParameterMaxSize;

  @JsonPropertyDescription("pgaudit.log_relation: one entry per relation referenced.")
  private Boolean logRelation;

  @JsonPropertyDescription("pgaudit.log_rows: include the number of rows.")
  private Boolean logRows;

  @JsonPropertyDescription("pgaudit.log_statement: include the statement text.")
  private Boolean logStatement;

  @JsonPropertyDescription("pgaudit.log_statement_once: statement text only in the first entry.")
  private Boolean logStatementOnce;

  @Size(min = 1, max = 64)
  // PostgreSQL truncates identifiers at 63 bytes; bytes() counts UTF-8 bytes, not characters.
  @ValidationRule(value = "size(bytes(self)) <= 63", message = "settings.role must be at most 63 bytes (PostgreSQL's identifier limit)")
  @ValidationRule(value = "!self.contains('\\u0000')",
      message = "settings.role must not contain a NUL character, which PostgreSQL cannot store")
  @JsonPropertyDescription("pgaudit.role: the object-audit role, its raw name.")
  private String role;

  @Min(-1)
  @Max(102400)
  @JsonPropertyDescription("Aiven-only, Service scope: truncate statement and parameter text; -1 = never.")
  private Integer logMaxStringLength;

  @JsonPropertyDescription("Aiven-only, Service scope: log statements nested in other statements.")
  private Boolean logNestedStatements;

  public Boolean getLogCatalog() { return logCatalog; }
  public void setLogCatalog(Boolean v) { this.logCatalog = v; }
  public Boolean getLogClient() { return logClient; }
  public void setLogClient(Boolean v) { this.logClient = v; }
  public LogLevel getLogLevel() { return logLevel; }
  public void setLogLevel(LogLevel v) { this.logLevel = v; }
  public Boolean getLogParameter() { return logParameter; }
  public void setLogParameter(Boolean v) { this.logParameter = v; }
  public Integer getLogParameterMaxSize() { return logParameterMaxSize; }
  public void setLogParameterMaxSize(Integer v) { this.logParameterMaxSize = v; }
  public Boolean getLogRelation() { return logRelation; }
  public void setLogRelation(Boolean v) { this.logRelation = v; }
  public Boolean getLogRows() { return logRows; }
  public void setLogRows(Boolean v) { this.logRows = v; }
  public Boolean getLogStatement() { return logStatement; }
  public void setLogStatement(Boolean v) { this.logStatement = v; }
  public Boolean getLogStatementOnce() { return logStatementOnce; }
  public void setLogStatementOnce(Boolean v) { this.logStatementOnce = v; }
  public String getRole() { return role; }
  public void setRole(String v) { this.role = v; }
  public Integer getLogMaxStringLength() { return logMaxStringLength; }
  public void setLogMaxStringLength(Integer v) { this.logMaxStringLength = v; }
  public Boolean getLogNestedStatements() { return logNestedStatements; }
  public void setLogNestedStatements(Boolean v) { this.logNestedStatements = v; }
}
