package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading an OpenSearch service object's Dashboards URL and credentials (opensearch.md §2). */
class DashboardsAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AivenWire.ConnectionInfo service(String uri) throws Exception {
    var info = JSON.createObjectNode().put("opensearch_username", "osuser").put("opensearch_password", "fromInfo");
    if (uri != null) info.put("opensearch_dashboards_uri", uri);
    JsonNode service = JSON.createObjectNode().set("connection_info", info);
    return JSON.treeToValue(service, AivenWire.ServiceJson.class).connectionInfo();
  }

  @Test
  void embeddedCredentialsArePercentDecodedAndLeftOutOfTheBaseUri() throws Exception {
    DashboardsAccess access = DashboardsAccess.of(service("https://avnadmin:p%2Fw%2B%3Ax@os-1.example.com:443")).orElseThrow();
    assertThat(access.baseUri()).hasToString("https://os-1.example.com:443");
    assertThat(access.user()).isEqualTo("avnadmin");
    assertThat(access.password()).isEqualTo("p/w+:x");
    assertThat(access.toString()).isEqualTo("DashboardsAccess[https://os-1.example.com:443, user avnadmin]");
  }

  @Test
  void withoutUserInfoTheConnectionInfoCredentialsAreUsedAndABasePathIsKept() throws Exception {
    DashboardsAccess access = DashboardsAccess.of(service("https://os-1.example.com/_dashboards/")).orElseThrow();
    assertThat(access.baseUri()).hasToString("https://os-1.example.com/_dashboards");
    assertThat(access.user() + ":" + access.password()).isEqualTo("osuser:fromInfo");
  }

  @Test
  void noUriMeansNoDashboardsAndARedactedOneIsReportedAsSuch() throws Exception {
    assertThat(DashboardsAccess.of(service(null))).isEmpty();
    assertThatThrownBy(() -> DashboardsAccess.of(service("https://avnadmin:<redacted>@os-1.example.com:443")))
        .isInstanceOf(AivenJson.RedactedSecretsException.class);
  }

  @Test
  void anUnencodedPasswordIsRefusedWithoutShowingIt() {
    for (String uri : new String[] {"https://avnadmin:se/cret@os-1.example.com:443", "https://avnadmin:se#cret@os:443",
        "https://avnadmin:se?cret@os:443"}) {
      assertThatThrownBy(() -> DashboardsAccess.of(service(uri)))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cret"));
    }
  }
}
