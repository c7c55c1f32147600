package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied records, one ConfigMap per service in the operator's namespace. Only the leader
 * writes them, each service under the reconciler's per-service lock, so the copy kept here is the
 * truth between writes: the ConfigMaps are listed once per process (after a start or a leader
 * change) and then only written. A write that finds the ConfigMap changed or gone underneath
 * (someone edited or deleted it) drops the copy and fails; the retry reads it again.
 */
final class AppliedStore {
  static final String LABEL = "pgaudit.dev/record";
  static final String LABEL_VALUE = "applied";
  static final String SERVICE_ANNOTATION = "pgaudit.dev/service";
  private static final Logger log = LoggerFactory.getLogger(AppliedStore.class);

  private record Stored(ServiceRecord record, String resourceVersion) {}

  private final String namespace;
  private final Duration retry;
  private final Map<ServiceKey, Stored> stored = new ConcurrentHashMap<>();
  private volatile boolean listed;

  AppliedStore(String namespace, Duration retry) {
    this.namespace = namespace;
    this.retry = retry;
  }

  String namespace() {
    return namespace;
  }

  /** The record of one service; empty when there is none. */
  ServiceRecord load(KubernetesClient client, ServiceKey service) {
    listOnce(client);
    Stored s = stored.computeIfAbsent(service, k -> read(client, k));
    return s.record();
  }

  /** The services where the policy has a record (readable or not). */
  Set<ServiceKey> servicesOf(KubernetesClient client, String policy) {
    listOnce(client);
    Set<ServiceKey> services = new LinkedHashSet<>();
    stored.forEach((service, s) -> {
      if (s.record().has(policy) || s.record().unreadable().contains(policy)) services.add(service);
    });
    return services;
  }

  /** Writes the record (deletes the ConfigMap when it is empty); unchanged records cost nothing. */
  void save(KubernetesClient client, ServiceRecord record) {
    Stored old = stored.get(record.service());
    if (old != null && old.record().equals(record)) return;
    String name = RecordCodec.configMapName(record.service());
    try {
      if (record.isEmpty() && record.unreadable().isEmpty()) {
        if (old != null && old.resourceVersion() != null) {
          client.configMaps().inNamespace(namespace).withName(name).delete();
        }
        stored.put(record.service(), new Stored(record, null));
        return;
      }
      ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
          .addToLabels(LABEL, LABEL_VALUE)
          .addToLabels("app.kubernetes.io/managed-by", "pgaudit-operator")
          .addToAnnotations(SERVICE_ANNOTATION, record.service().toString())
          .withResourceVersion(old == null ? null : old.resourceVersion())
          .endMetadata().withData(RecordCodec.encode(record)).build();
      ConfigMap written = old == null || old.resourceVersion() == null
          ? client.configMaps().inNamespace(namespace).resource(map).create()
          : client.configMaps().inNamespace(namespace).resource(map).update();
      stored.put(record.service(), new Stored(record, written.getMetadata().getResourceVersion()));
    } catch (KubernetesClientException e) {
      stored.remove(record.service());
      throw new ReconcileFailure(Layer.SERVICE, Conditions.Reason.RECORD_UNAVAILABLE, "could not write the applied record "
          + namespace + "/" + name + " of " + record.service() + " (HTTP " + e.getCode() + "); nothing more is written until it can be",
          retry);
    }
  }

  private void listOnce(KubernetesClient client) {
    if (listed) return;
    synchronized (this) {
      if (listed) return;
      try {
        for (ConfigMap map : client.configMaps().inNamespace(namespace).withLabel(LABEL, LABEL_VALUE).list().getItems()) {
          String service = map.getMetadata().getAnnotations() == null ? null
              : map.getMetadata().getAnnotations().get(SERVICE_ANNOTATION);
          ServiceKey key = parse(service);
          if (key == null || !RecordCodec.configMapName(key).equals(map.getMetadata().getName())) {
            log.warn("ConfigMap {}/{} is labelled as an applied record but names no service it belongs to; ignored",
                namespace, map.getMetadata().getName());
            continue;
          }
          stored.put(key, toStored(key, map));
        }
      } catch (KubernetesClientException e) {
        throw unavailable("list", e);
      }
      listed = true;
    }
  }

  private Stored read(KubernetesClient client, ServiceKey service) {
    try {
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(RecordCodec.configMapName(service)).get();
      return map == null ? new Stored(ServiceRecord.empty(service), null) : toStored(service, map);
    } catch (KubernetesClientException e) {
      throw unavailable("read", e);
    }
  }

  private static Stored toStored(ServiceKey service, ConfigMap map) {
    Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
    return new Stored(RecordCodec.decode(service, data), map.getMetadata().getResourceVersion());
  }

  private ReconcileFailure unavailable(String what, KubernetesClientException e) {
    return new ReconcileFailure(Layer.SERVICE, Conditions.Reason.RECORD_UNAVAILABLE, "could not " + what
        + " the applied records in namespace " + namespace + " (HTTP " + e.getCode() + "): " + e.getMessage(), retry);
  }

  private static ServiceKey parse(String service) {
    if (service == null || service.indexOf('/') <= 0) return null;
    return new ServiceKey(service.substring(0, service.indexOf('/')), service.substring(service.indexOf('/') + 1));
  }
}
