package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status this process last wrote for each policy, with the resourceVersion it was written
 * over. A reconcile that starts before the informer's cache has seen that write is handed the
 * policy as it was before it (seen under load: a nudged run right after a status write), so the
 * status it computes compares unequal to the cached one although the API server holds exactly it;
 * writing it again would change nothing. So such a write is left out, and only then: the policy is
 * still at the very resourceVersion the last write was made over (no change to it has reached this
 * process since) and the status is the one written then. A write that failed is forgotten
 * ({@link #forget}, from updateErrorStatus), so its retry writes in full.
 */
final class WrittenStatuses {
  private record Written(String over, PgAuditPolicyStatus status) {}

  private final Map<String, Written> last = new ConcurrentHashMap<>();

  /** True when {@code status} is what this process last wrote over the policy's cached version. */
  boolean alreadyThere(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    Written written = last.get(key(policy));
    String version = policy.getMetadata().getResourceVersion();
    return written != null && version != null && version.equals(written.over()) && written.status().equals(status);
  }

  /** The status is about to be written over the policy's cached version. */
  void writing(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    String version = policy.getMetadata().getResourceVersion();
    if (version == null) {
      last.remove(key(policy));
    } else {
      last.put(key(policy), new Written(version, status));
    }
  }

  void forget(PgAuditPolicy policy) {
    last.remove(key(policy));
  }

  private static String key(PgAuditPolicy policy) {
    return Objects.toString(policy.getMetadata().getUid()) + "/" + policy.key();
  }
}
