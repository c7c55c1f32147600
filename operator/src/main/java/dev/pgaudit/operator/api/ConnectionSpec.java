package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class ConnectionSpec {
  @Required
  @JsonPropertyDescription("Secret with keys uri, or host/port/user/password/dbname/sslmode (optional sslrootcert).")
  private SecretRef secretRef;

  public ConnectionSpec() {}

  public ConnectionSpec(SecretRef secretRef) { this.secretRef = secretRef; }

  public SecretRef getSecretRef() { return secretRef; }
  public void setSecretRef(SecretRef secretRef) { this.secretRef = secretRef; }
}
