package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A whole Secret in the policy's namespace. */
public class SecretRef {
  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Secret name, in the policy's namespace.")
  private String name;

  public SecretRef() {}

  public SecretRef(String name) { this.name = name; }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
