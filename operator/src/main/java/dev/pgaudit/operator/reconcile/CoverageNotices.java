package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What others learn of a policy's coverage: the metric, a Warning event when its Effective
 * condition turns False, and, after it wrote, a nudge to the other policies on its service, whose
 * coverage may have changed (writes are rare, so this costs nothing at rest; a peer that then
 * writes nothing nudges nobody).
 */
final class CoverageNotices {
  private static final Logger log = LoggerFactory.getLogger(CoverageNotices.class);

  private final CoverageListener listener;
  private final SimpleInboundEventSource<PgAuditPolicy> nudges = new SimpleInboundEventSource<>("coverage");

  CoverageNotices(CoverageListener listener) {
    this.listener = listener;
  }

  /** The event source the nudges arrive through. */
  SimpleInboundEventSource<PgAuditPolicy> eventSource() {
    return nudges;
  }

  void nudge(List<PgAuditPolicy> live, PgAuditPolicy self) {
    ResourceID id = ResourceID.fromResource(self);
    live.stream().map(ResourceID::fromResource).filter(p -> !p.equals(id)).forEach(nudges::propagateEvent);
  }

  void reported(PgAuditPolicy policy, PgAuditPolicyStatus status, EventRecorder events) {
    listener.coverage(policy.getMetadata().getNamespace(), policy.getMetadata().getName(), status.getCoverage());
    var now = Conditions.find(status, Conditions.EFFECTIVE);
    if (now.isEmpty() || !"False".equals(now.get().getStatus())) return;
    var before = Conditions.find(policy.getStatus(), Conditions.EFFECTIVE);
    if (before.isPresent() && "False".equals(before.get().getStatus())
        && Objects.equals(before.get().getReason(), now.get().getReason())) {
      return;
    }
    events.warning(policy, Conditions.Event.NOT_EFFECTIVE, now.get().getReason() + ": " + now.get().getMessage());
    log.info("{} Effective=False {}: {}", policy.key(), now.get().getReason(), now.get().getMessage());
  }

  void gone(PgAuditPolicy policy) {
    listener.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
  }
}
