package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class ServiceRef {
  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Aiven project name.")
  private String project;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Aiven service name.")
  private String serviceName;

  public ServiceRef() {}

  public ServiceRef(String project, String serviceName) {
    this.project = project;
    this.serviceName = serviceName;
  }

  public String getProject() { return project; }
  public void setProject(String project) { this.project = project; }
  public String getServiceName() { return serviceName; }
  public void setServiceName(String serviceName) { this.serviceName = serviceName; }
}
