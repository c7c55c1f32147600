package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/** The applied records as one reconcile sees them: the store, the client to reach it, and who to tell about a lost one. */
final class Records {
  private final AppliedStore store;
  private final KubernetesClient client;
  private final EventRecorder events;
  private boolean releasedElsewhere;

  Records(AppliedStore store, KubernetesClient client, EventRecorder events) {
    this.store = store;
    this.client = client;
    this.events = events;
  }

  ServiceRecord load(ServiceKey service) {
    return store.load(client, service);
  }

  void save(ServiceRecord record) {
    store.save(client, record);
  }

  Set<ServiceKey> servicesOf(String policy) {
    return store.servicesOf(client, policy);
  }

  /** This reconcile released the policy's whole record on a service it no longer targets. */
  void releasedWhole() {
    releasedElsewhere = true;
  }

  /** True when the policy's record is gone because this reconcile released it (spec.service moved), not lost. */
  boolean releasedElsewhere() {
    return releasedElsewhere;
  }

  /** The policy wrote before, but its record is gone or unreadable: say so once per reconcile that notices. */
  void lost(PgAuditPolicy policy, ServiceKey service) {
    events.warning(policy, Conditions.EventReason.RECORD_LOST, "no readable record of what this policy applied on " + service
        + " was found in ConfigMap " + store.namespace() + "/" + RecordCodec.configMapName(service)
        + ": settings of its earlier specs are not released; from now on what it writes is recorded again"
        + " (values from before it are unknown, so a release resets them to RESET / Aiven's defaults)");
  }
}
