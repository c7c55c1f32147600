package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Settings of the logs integration (Aiven's logs user_config). */
public class OpenSearchSink {
  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("The Aiven for OpenSearch service that receives the logs.")
  private String serviceName;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Project of the OpenSearch service; default: spec.service.project.")
  private String project;

  @Default("logs")
  @Size(min = 2, max = 1024)
  @Pattern("^[a-z0-9][a-z0-9-_.]+$")
  @JsonPropertyDescription("elasticsearch_index_prefix: prefix of the daily indexes.")
  private String indexPrefix = "logs";

  @Default("3")
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("elasticsearch_index_days_max: how many daily indexes to keep.")
  private Integer indexDaysMax = 3;

  @Size(max = 5)
  @JsonPropertyDescription("selected_log_fields: optional fields to send (at most 5).")
  private List<LogField> selectedLogFields;

  @JsonPropertyDescription("OpenSearch Dashboards set up for the audit records (off by default).")
  private DashboardsSpec dashboards;

  /** True when spec.sink.opensearch.dashboards.enabled is true. */
  public boolean dashboardsEnabled() { return dashboards != null && Boolean.TRUE.equals(dashboards.getEnabled()); }

  public DashboardsSpec getDashboards() { return dashboards; }
  public void setDashboards(DashboardsSpec dashboards) { this.dashboards = dashboards; }
  public String getServiceName() { return serviceName; }
  public void setServiceName(String serviceName) { this.serviceName = serviceName; }
  public String getProject() { return project; }
  public void setProject(String project) { this.project = project; }
  public String getIndexPrefix() { return indexPrefix; }
  public void setIndexPrefix(String indexPrefix) { this.indexPrefix = indexPrefix; }
  public Integer getIndexDaysMax() { return indexDaysMax; }
  public void setIndexDaysMax(Integer indexDaysMax) { this.indexDaysMax = indexDaysMax; }
  public List<LogField> getSelectedLogFields() { return selectedLogFields; }
  public void setSelectedLogFields(List<LogField> selectedLogFields) { this.selectedLogFields = selectedLogFields; }
}
