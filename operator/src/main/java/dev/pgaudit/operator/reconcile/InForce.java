package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The generation at which this process last reported each policy fully in force (Ready=True,
 * reason Reconciled), by uid: a write at that same generation corrects drift (Event reason
 * DriftCorrected), any other write applies the spec (Applied). The applied record keeps which
 * settings a policy wrote, not their values, so it cannot tell an edit from drift; this memory can,
 * without any Kubernetes write of its own.
 *
 * <p>Only this process's memory, on purpose: the status is the report to people, not the
 * operator's memory. So after a restart or a leader change the new process has not seen any
 * spec in force yet, and its first correction of drift on a policy is told as Applied (it applies
 * the spec); from its first Ready=True Reconciled on, drift is told as DriftCorrected again.
 *
 * <p>Set from each computed status (a status written, or left unwritten because it is unchanged);
 * forgotten on cleanup and when a reconcile or its status write fails (as {@link WrittenStatuses}).
 * Bounded: one entry per policy, and past {@link #MAX_ENTRIES} the least recently used goes (what
 * this bounds is the entries of policies whose cleanup never ran in this process: deleted while
 * another process led, or their finalizer removed by hand); a policy forgotten so has its next
 * drift told as Applied.
 */
final class InForce {
  /** Far above the fleets the operator is measured with (10,000 policies); ~150 bytes an entry, ~10 MB full. */
  static final int MAX_ENTRIES = 65_536;

  private final Map<String, Long> generations;

  InForce() {
    this(MAX_ENTRIES);
  }

  InForce(int maxEntries) {
    this.generations = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** True when this process reported the policy in force at its current generation. */
  synchronized boolean atGeneration(PgAuditPolicy policy) {
    String uid = policy.getMetadata().getUid();
    return uid != null && Objects.equals(generations.get(uid), policy.getMetadata().getGeneration());
  }

  /** Remembers the status's generation when it reports the policy in force, and forgets it otherwise. */
  synchronized void reported(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    String uid = policy.getMetadata().getUid();
    if (uid == null) return;
    boolean inForce = status.getObservedGeneration() != null && Conditions.find(status, Conditions.READY)
        .filter(ready -> "True".equals(ready.getStatus()) && Conditions.Reason.RECONCILED.equals(ready.getReason()))
        .isPresent();
    if (inForce) generations.put(uid, status.getObservedGeneration()); else generations.remove(uid);
  }

  synchronized void forget(PgAuditPolicy policy) {
    String uid = policy.getMetadata().getUid();
    if (uid != null) generations.remove(uid);
  }

  synchronized int size() {
    return generations.size();
  }
}
