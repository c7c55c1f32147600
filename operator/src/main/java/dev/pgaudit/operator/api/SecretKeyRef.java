package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the policy's namespace. */
public class SecretKeyRef {
  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Secret name, in the policy's namespace.")
  private String name;

  @Default("token")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Key in the Secret; default token.")
  private String key = "token";

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
}
