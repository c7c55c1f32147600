package dev.pgaudit.operator.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the leader Lease up on a graceful stop, as client-go's ReleaseOnCancel does (JOSDK turns
 * Fabric8's release off), so a standby takes over within one retry period instead of waiting
 * for the lease to expire.
 */
final class LeaseRelease {
  private static final Logger log = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  /** Clears the holder if it is {@code identity}; anything else (gone, someone else's, a conflict) is left alone. */
  static boolean release(KubernetesClient client, String namespace, String name, String identity) {
    try {
      Lease lease = client.resources(Lease.class).inNamespace(namespace).withName(name).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      // update() sends the resourceVersion read above: if another replica took the Lease meanwhile, this fails.
      client.resource(lease).update();
      log.info("released the leader Lease {}/{}", namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      log.warn("could not release the leader Lease {}/{} (HTTP {}); a standby takes over when it expires",
          namespace, name, e.getCode());
      return false;
    }
  }
}
