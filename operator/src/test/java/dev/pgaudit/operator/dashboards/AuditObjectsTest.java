package dev.pgaudit.operator.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The objects' ids, shapes, drift checks and the field refresh, without Dashboards. */
class AuditObjectsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AuditObjects objects = new AuditObjects("acme", "pg-orders", "logs");

  @Test
  void idsAreDeterministicPerServiceAndDistinctAcrossProjects() {
    assertThat(objects.indexPatternId()).matches("pgaudit-pg-orders-[0-9a-f]{8}");
    assertThat(objects.searchId()).isEqualTo(objects.indexPatternId() + "-search");
    assertThat(new AuditObjects("acme", "pg-orders", "other").indexPatternId()).isEqualTo(objects.indexPatternId());
    assertThat(new AuditObjects("acme-2", "pg-orders", "logs").indexPatternId()).isNotEqualTo(objects.indexPatternId());
    assertThat(objects.title()).isEqualTo("logs-*");
    assertThat(objects.discoverUrl(URI.create("https://os.example:443")))
        .isEqualTo("https://os.example:443/app/discover?security_tenant=global#/view/" + objects.searchId());
  }

  @Test
  void theSearchMatchesItselfAndNotAnEditedCopy() {
    SavedObject stored = new SavedObject("search", objects.searchId(), "WzEsMV0=",
        objects.searchAttributes("p"), objects.searchReferences("p"));
    assertThat(objects.searchMatches(stored, "p")).isTrue();
    assertThat(objects.searchMatches(stored, "q")).isFalse();
    var edited = objects.searchAttributes("p");
    edited.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", "{\"filter\":[]}");
    assertThat(objects.searchMatches(new SavedObject("search", "s", "v", edited, objects.searchReferences("p")), "p")).isFalse();
  }

  @Test
  void aListWithoutTheAuditMarkerIsStaleAnEmptyOneIsNot() throws Exception {
    assertThat(AuditObjects.stale(array("[]"))).isFalse();
    assertThat(AuditObjects.stale(array("[{\"name\":\"x\",\"scripted\":true}]"))).isFalse();
    assertThat(AuditObjects.stale(array("[{\"name\":\"MESSAGE\"}]"))).isTrue();
    assertThat(AuditObjects.stale(array("[{\"name\":\"MESSAGE\"},{\"name\":\"AIVEN_AUDIT_FROM\"}]"))).isFalse();
  }

  @Test
  void aRefreshTakesTheFreshFieldsAndKeepsScriptedOnes() throws Exception {
    String refreshed = AuditObjects.refreshed(array("[{\"name\":\"AIVEN_AUDIT_FROM\"},{\"name\":\"MESSAGE\"}]"),
        array("[{\"name\":\"MESSAGE\",\"count\":3},{\"name\":\"len\",\"scripted\":true,\"script\":\"1\"}]"));
    assertThat(refreshed).isEqualTo("[{\"name\":\"AIVEN_AUDIT_FROM\"},{\"name\":\"MESSAGE\"},"
        + "{\"name\":\"len\",\"scripted\":true,\"script\":\"1\"}]");
  }

  private static ArrayNode array(String json) throws Exception {
    return (ArrayNode) JSON.readTree(json);
  }
}
