package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

// has(self.level) guards keep a missing level to its one "Required value" error instead of a
// second, confusing rule evaluation error.
@ValidationRule(
    value = "!has(self.level) || !(self.level in ['Database', 'DatabaseRole']) || (has(self.databases) && size(self.databases) > 0)",
    message = "scope.databases must list at least one database for Database and DatabaseRole scope")
@ValidationRule(
    value = "!has(self.level) || !(self.level in ['Role', 'DatabaseRole']) || (has(self.roles) && size(self.roles) > 0)",
    message = "scope.roles must list at least one role for Role and DatabaseRole scope")
@ValidationRule(
    value = "!has(self.level) || self.level in ['Database', 'DatabaseRole'] || !has(self.databases)",
    message = "scope.databases is allowed only for Database and DatabaseRole scope")
@ValidationRule(
    value = "!has(self.level) || self.level in ['Role', 'DatabaseRole'] || !has(self.roles)",
    message = "scope.roles is allowed only for Role and DatabaseRole scope")
// PostgreSQL truncates identifiers at 63 bytes (NAMEDATALEN - 1), not characters: bytes() counts UTF-8.
@ValidationRule(
    value = "!has(self.databases) || self.databases.all(n, size(n) > 0 && size(bytes(n)) <= 63)",
    message = "each name in scope.databases must be 1 to 63 bytes long (PostgreSQL's identifier limit)")
@ValidationRule(
    value = "!has(self.roles) || self.roles.all(n, size(n) > 0 && size(bytes(n)) <= 63)",
    message = "each name in scope.roles must be 1 to 63 bytes long (PostgreSQL's identifier limit)")
// PostgreSQL cannot store a NUL character in a name (nor quote one): refused here, not by an SQL error.
@ValidationRule(
    value = "!has(self.databases) || self.databases.all(n, !n.contains('\\u0000'))",
    message = "names in scope.databases must not contain a NUL character, which PostgreSQL cannot store")
@ValidationRule(
    value = "!has(self.roles) || self.roles.all(n, !n.contains('\\u0000'))",
    message = "names in scope.roles must not contain a NUL character, which PostgreSQL cannot store")
public class Scope {
  @Required
  @JsonPropertyDescription("Service, Database, Role or DatabaseRole.")
  private ScopeLevel level;

  @Size(max = 100)
  @JsonPropertyDescription("Databases (exact names, case-sensitive) for Database and DatabaseRole scope.")
  private List<@Size(max = 63) String> databases;

  @Size(max = 100)
  @JsonPropertyDescription("Roles (exact names, case-sensitive) for Role and DatabaseRole scope.")
  private List<@Size(max = 63) String> roles;

  public Scope() {}

  public Scope(ScopeLevel level, List<String> databases, List<String> roles) {
    this.level = level;
    this.databases = databases;
    this.roles = roles;
  }

  public ScopeLevel getLevel() { return level; }
  public void setLevel(ScopeLevel level) { this.level = level; }
  public List<String> getDatabases() { return databases; }
  public void setDatabases(List<String> databases) { this.databases = databases; }
  public List<String> getRoles() { return roles; }
  public void setRoles(List<String> roles) { this.roles = roles; }
}
