package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a policy. An event that cannot be written is logged, never fatal. */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "pgaudit-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(PgAuditPolicy policy, String reason, String message) {
    record(policy, "Normal", reason, message);
  }

  public void warning(PgAuditPolicy policy, String reason, String message) {
    record(policy, "Warning", reason, message);
  }

  private void record(PgAuditPolicy policy, String type, String reason, String message) {
    var meta = policy.getMetadata();
    log.info("{} {} {}: {}", policy.key(), type, reason, message);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
          .withNewMetadata()
            .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
            .withNamespace(meta.getNamespace())
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(policy.getApiVersion()).withKind(policy.getKind())
              .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
              .withResourceVersion(meta.getResourceVersion()).build())
          .withType(type)
          .withReason(reason)
          .withMessage(message.length() > 1000 ? message.substring(0, 1000) + "…" : message)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .build()).create();
    } catch (RuntimeException e) {
      log.warn("{} could not record event {}: {}", policy.key(), reason, e.getMessage());
    }
  }
}
