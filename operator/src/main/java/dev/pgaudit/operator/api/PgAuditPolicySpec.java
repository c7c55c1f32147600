package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

// Each rule first checks that the required fields it reads are there, so a missing field yields
// only its "Required value" error, not a rule evaluation error on top.
@ValidationRule(
    value = "!has(self.scope) || !has(self.scope.level) || self.scope.level != 'Service' || !has(self.log)"
        + " || self.log.all(c, c != 'none' && !c.startsWith('-'))",
    message = "at Service scope log classes must be from the Aiven enum (all, ddl, function, misc, misc_set, read, role, write): no 'none' and no '-class' exclusions")
@ValidationRule(
    value = "!has(self.scope) || !has(self.scope.level) || self.scope.level == 'Service' || !has(self.settings)"
        + " || !has(self.settings.logMaxStringLength)",
    message = "settings.logMaxStringLength is an Aiven service setting: it is allowed only at Service scope")
@ValidationRule(
    value = "!has(self.scope) || !has(self.scope.level) || self.scope.level == 'Service' || !has(self.settings)"
        + " || !has(self.settings.logNestedStatements)",
    message = "settings.logNestedStatements is an Aiven service setting: it is allowed only at Service scope")
@ValidationRule(
    value = "!has(self.scope) || !has(self.scope.level) || self.scope.level != 'Service' || !has(self.settings)"
        + " || !has(self.settings.role) || self.settings.role.matches('^[_A-Za-z0-9][-._A-Za-z0-9]{0,63}$')",
    message = "at Service scope settings.role must match Aiven's pattern ^[_A-Za-z0-9][-._A-Za-z0-9]{0,63}$")
public class PgAuditPolicySpec {

  @Required
  @JsonPropertyDescription("The Aiven for PostgreSQL service this policy configures.")
  private ServiceRef service;

  @JsonPropertyDescription("Secret key holding the Aiven API token; default: the operator's default token.")
  private SecretKeyRef authSecretRef;

  @JsonPropertyDescription("How to connect to PostgreSQL for Database/Role scopes; default: avnadmin from the Aiven API.")
  private ConnectionSpec connection;

  @Required
  @JsonPropertyDescription("Where the settings apply: the whole service, databases, roles or roles in databases.")
  private Scope scope;

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("pgaudit.log classes. SQL scopes also allow none and -class exclusions.")
  private List<AuditClass> log = new ArrayList<>();

  @JsonPropertyDescription("The other pgaudit settings; an omitted setting is left unmanaged.")
  private AuditSettings settings;

  @JsonPropertyDescription("Optional Aiven logs integration that ships the audit log to OpenSearch.")
  private Sink sink;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce changes the real state; DryRun only reports the plan in status.plan.")
  private Mode mode = Mode.Enforce;

  @Default("Delete")
  @JsonPropertyDescription("On delete: Delete undoes what only this policy set; Orphan leaves everything as it is.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

  public ServiceRef getService() { return service; }
  public void setService(ServiceRef service) { this.service = service; }
  public SecretKeyRef getAuthSecretRef() { return authSecretRef; }
  public void setAuthSecretRef(SecretKeyRef authSecretRef) { this.authSecretRef = authSecretRef; }
  public ConnectionSpec getConnection() { return connection; }
  public void setConnection(ConnectionSpec connection) { this.connection = connection; }
  public Scope getScope() { return scope; }
  public void setScope(Scope scope) { this.scope = scope; }
  public List<AuditClass> getLog() { return log; }
  public void setLog(List<AuditClass> log) { this.log = log; }
  public AuditSettings getSettings() { return settings; }
  public void setSettings(AuditSettings settings) { this.settings = settings; }
  public Sink getSink() { return sink; }
  public void setSink(Sink sink) { this.sink = sink; }
  public Mode getMode() { return mode; }
  public void setMode(Mode mode) { this.mode = mode; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
}
