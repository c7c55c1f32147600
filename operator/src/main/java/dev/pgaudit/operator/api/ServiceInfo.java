package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceInfo {
  private String state;
  private String pgVersion;

  public ServiceInfo() {}

  public ServiceInfo(String state, String pgVersion) {
    this.state = state;
    this.pgVersion = pgVersion;
  }

  public String getState() { return state; }
  public void setState(String state) { this.state = state; }
  public String getPgVersion() { return pgVersion; }
  public void setPgVersion(String pgVersion) { this.pgVersion = pgVersion; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceInfo s && Objects.equals(state, s.state) && Objects.equals(pgVersion, s.pgVersion);
  }

  @Override
  public int hashCode() { return Objects.hash(state, pgVersion); }
}
