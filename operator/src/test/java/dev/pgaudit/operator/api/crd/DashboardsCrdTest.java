package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The committed CRD declares the Dashboards opt-in, off by default. */
class DashboardsCrdTest {
  @Test
  void dashboardsIsAnOptInOffByDefault() {
    JsonNode opensearch = CrdFiles.committed().path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
        .path("properties").path("spec").path("properties").path("sink").path("properties").path("opensearch");
    JsonNode enabled = opensearch.path("properties").path("dashboards").path("properties").path("enabled");
    assertThat(enabled.path("type").asText()).isEqualTo("boolean");
    assertThat(enabled.path("default").asBoolean(true)).isFalse();
    assertThat(opensearch.path("required").toString()).doesNotContain("dashboards");
  }
}
