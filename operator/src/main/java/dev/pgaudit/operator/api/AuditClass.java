package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A pgaudit.log class. The plain classes are Aiven's enum; NONE and the exclusions exist only
 * in SQL scopes (pgaudit's own list syntax), which the CRD enforces with a CEL rule.
 */
public enum AuditClass {
  @JsonProperty("all") ALL("all"),
  @JsonProperty("ddl") DDL("ddl"),
  @JsonProperty("function") FUNCTION("function"),
  @JsonProperty("misc") MISC("misc"),
  @JsonProperty("misc_set") MISC_SET("misc_set"),
  @JsonProperty("read") READ("read"),
  @JsonProperty("role") ROLE("role"),
  @JsonProperty("write") WRITE("write"),
  @JsonProperty("none") NONE("none"),
  @JsonProperty("-all") NOT_ALL("-all"),
  @JsonProperty("-ddl") NOT_DDL("-ddl"),
  @JsonProperty("-function") NOT_FUNCTION("-function"),
  @JsonProperty("-misc") NOT_MISC("-misc"),
  @JsonProperty("-misc_set") NOT_MISC_SET("-misc_set"),
  @JsonProperty("-read") NOT_READ("-read"),
  @JsonProperty("-role") NOT_ROLE("-role"),
  @JsonProperty("-write") NOT_WRITE("-write");

  private final String wire;

  AuditClass(String wire) { this.wire = wire; }

  /** The spelling pgaudit and Aiven use. */
  @JsonValue
  public String wire() { return wire; }

  /** True for the classes Aiven's user_config.pgaudit.log accepts. */
  public boolean isAivenClass() { return this != NONE && !wire.startsWith("-"); }
}
