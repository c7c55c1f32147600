package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about a policy, aggregated as kubectl shows them ("x5 over 10m"): the same
 * (policy, type, reason, message) is one Event whose {@code count} and {@code lastTimestamp} grow,
 * under a name derived from those fields ({@link EventNames}). Like client-go's recorder it only
 * creates and patches (the RBAC grants events create/patch, no get): {@link EventCounts} remembers
 * each Event's count; after a restart, a create answered 409 finds the count in the patch response.
 * An event that cannot be written is logged, never fatal.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "pgaudit-operator";
  /** The API server's limit for a core/v1 Event message (NoteLengthLimit). */
  static final int MAX_MESSAGE = 1000;

  private final KubernetesClient client;
  private final EventCounts counts;
  private final Clock clock;

  /** @param counts shared by every recorder of one operator process, so aggregation spans reconciles */
  public EventRecorder(KubernetesClient client, EventCounts counts, Clock clock) {
    this.client = client;
    this.counts = counts;
    this.clock = clock;
  }

  public void normal(PgAuditPolicy policy, String reason, String message) {
    record(policy, "Normal", reason, message);
  }

  public void warning(PgAuditPolicy policy, String reason, String message) {
    record(policy, "Warning", reason, message);
  }

  private void record(PgAuditPolicy policy, String type, String reason, String message) {
    log.info("{} {} {}: {}", policy.key(), type, reason, message);
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
    String name = EventNames.of(policy, type, reason, text);
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    // On the item, not by name: Fabric8 reads an Event named only by name (a GET) before patching
    // it, and the chart grants events create and patch, not get, as client-go's recorder needs.
    Resource<Event> event = client.v1().events().inNamespace(policy.getMetadata().getNamespace())
        .resource(newEvent(policy, name, type, reason, text, now));
    try {
      Integer known = counts.get(name);
      if (known != null && patched(event, name, known + 1, now)) return;
      try {
        event.create();
        counts.put(name, 1);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) throw e;
        // Written by an earlier process: the patch of lastTimestamp answers with its count.
        Event existing = event.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"lastTimestamp\":\"" + now + "\"}");
        int count = existing.getCount() == null ? 1 : existing.getCount();
        patched(event, name, count + 1, now);
      }
    } catch (RuntimeException e) {
      log.warn("{} could not record event {}: {}", policy.key(), reason, e.getMessage());
    }
  }

  /** False when the Event is gone (the API server expires events, by default after an hour). */
  private boolean patched(Resource<Event> event, String name, int count, String now) {
    try {
      event.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
      counts.put(name, count);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
      counts.remove(name);
      return false;
    }
  }

  private static Event newEvent(PgAuditPolicy policy, String name, String type, String reason, String message, String now) {
    var meta = policy.getMetadata();
    return new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(meta.getNamespace()).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(policy.getApiVersion()).withKind(policy.getKind())
            .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid()).build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
  }
}
