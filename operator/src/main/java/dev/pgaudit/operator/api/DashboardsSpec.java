package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Opt-in: the operator sets up OpenSearch Dashboards for the audit records the logs integration ships. */
public class DashboardsSpec {
  @Default("false")
  @JsonPropertyDescription("When true, once the logs integration is active the operator creates, in the Global tenant of"
      + " the OpenSearch service's Dashboards, an index pattern <indexPrefix>-* (time field timestamp) and a saved"
      + " search \"pgaudit: <service>\" filtered on AIVEN_AUDIT_FROM: pg and the service; removed again on opt-out.")
  private Boolean enabled = false;

  public DashboardsSpec() {}

  public DashboardsSpec(Boolean enabled) { this.enabled = enabled; }

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
}
