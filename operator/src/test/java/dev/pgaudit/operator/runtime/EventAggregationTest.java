package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.EventCounts;
import dev.pgaudit.operator.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events through the mock API: one object per (policy, type, reason, message), counted; names always valid. */
class EventAggregationTest {
  private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private MockKubernetes kube;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };

  @BeforeEach
  void start() {
    kube = MockKubernetes.start();
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  private List<Event> events(String ns) {
    return kube.client().v1().events().inNamespace(ns).list().getItems();
  }

  @Test
  void theSameEventAgainIncrementsCountAndLastTimestamp() {
    PgAuditPolicy policy = kube.createPolicy("team-a", "orders");
    EventRecorder events = new EventRecorder(kube.client(), new EventCounts(), clock);

    events.normal(policy, "DriftCorrected", "database \"orders\" pgaudit.log: (unset) -> read");
    now = now.plusSeconds(60);
    events.normal(policy, "DriftCorrected", "database \"orders\" pgaudit.log: (unset) -> read");
    now = now.plusSeconds(60);
    events.normal(policy, "DriftCorrected", "database \"orders\" pgaudit.log: (unset) -> read");
    events.normal(policy, "Applied", "database \"orders\" pgaudit.log: (unset) -> read");

    List<Event> all = events("team-a");
    assertThat(all).hasSize(2);
    Event drift = all.stream().filter(e -> e.getReason().equals("DriftCorrected")).findFirst().orElseThrow();
    assertThat(drift.getCount()).isEqualTo(3);
    assertThat(drift.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(drift.getLastTimestamp()).isEqualTo("2026-01-01T00:02:00Z");
    assertThat(drift.getInvolvedObject().getUid()).isEqualTo(policy.getMetadata().getUid());
    assertThat(all.stream().filter(e -> e.getReason().equals("Applied")).findFirst().orElseThrow().getCount()).isEqualTo(1);
  }

  @Test
  void aRestartedOperatorContinuesTheCountAndAnExpiredEventStartsAgain() {
    PgAuditPolicy policy = kube.createPolicy("team-a", "orders");
    new EventRecorder(kube.client(), new EventCounts(), clock).warning(policy, "Failed", "cleanup failed and will be retried: x");
    new EventRecorder(kube.client(), new EventCounts(), clock).warning(policy, "Failed", "cleanup failed and will be retried: x");

    EventCounts counts = new EventCounts();
    EventRecorder restarted = new EventRecorder(kube.client(), counts, clock);
    restarted.warning(policy, "Failed", "cleanup failed and will be retried: x");
    assertThat(events("team-a")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(3));

    // The API server expires Events (an hour by default): the next one is new, from 1.
    kube.client().v1().events().inNamespace("team-a").delete();
    restarted.warning(policy, "Failed", "cleanup failed and will be retried: x");
    assertThat(events("team-a")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aPolicyWithTheLongestValidNameGetsValidEventNames() {
    // 253 characters; the cut for the hash falls right after a dot, which must not end the name.
    String name = ("a".repeat(55) + ".").repeat(4) + "a".repeat(11) + "." + "b".repeat(17);
    assertThat(name).hasSize(253);
    PgAuditPolicy policy = kube.createPolicy("team-a", name);
    EventRecorder events = new EventRecorder(kube.client(), new EventCounts(), clock);

    events.normal(policy, "Applied", "one");
    events.normal(policy, "Applied", "two");

    List<Event> all = events("team-a");
    assertThat(all).hasSize(2);
    assertThat(all).allSatisfy(e -> {
      assertThat(e.getMetadata().getName()).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN)
          .startsWith(name.substring(0, 235) + ".").doesNotContain("..");
      assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
    });
  }
}
