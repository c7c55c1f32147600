package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.coverage.Coverage;
import dev.pgaudit.operator.coverage.CoverageCache;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.ServiceCoverage;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.postgres.SqlTarget;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What others learn of a policy's coverage: the metric, a Warning event when its Effective
 * condition turns False, and, after it wrote settings, a nudge to each other policy on its service
 * whose coverage the write changed.
 *
 * <p>A nudge costs a reconcile that waits for the service's lock, so it is sent only when needed:
 * the write must reach one of the peer's pairs, the peer's coverage on the state after the write
 * (from the shared {@link CoverageCache}, no query) must differ from the one it last reported, and
 * the peer must not already have a nudge it has not acted on: its next reconcile sees every write
 * made before it takes the lock. So a burst of writes on a service nudges each affected peer once,
 * and a write that changes nothing for a peer does not wake it.
 */
final class CoverageNotices {
  private static final Logger log = LoggerFactory.getLogger(CoverageNotices.class);

  /** What a policy's status shows of its coverage (old sessions aside): equal digests, nothing to report. */
  record Digest(LayerState effective, CoverageStatus status) {
    static Digest of(CoverageReport report) {
      return report == null ? null : new Digest(CoverageReporter.effective(report), CoverageReporter.status(report));
    }
  }

  private final CoverageListener listener;
  private final CoverageCache cache;
  private final SimpleInboundEventSource<PgAuditPolicy> nudges = new SimpleInboundEventSource<>("coverage");
  private final Consumer<ResourceID> send;
  /** The coverage each policy last computed, by key; none while it has none (DryRun, failing, losing). */
  private final Map<String, Digest> last = new ConcurrentHashMap<>();
  /** Policies nudged that have not reconciled since. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();

  CoverageNotices(CoverageListener listener, CoverageCache cache) {
    this.listener = listener;
    this.cache = cache;
    this.send = nudges::propagateEvent;
  }

  /** For tests: nudges go to {@code send} instead of the event source. */
  CoverageNotices(CoverageListener listener, CoverageCache cache, Consumer<ResourceID> send) {
    this.listener = listener;
    this.cache = cache;
    this.send = send;
  }

  /** The event source the nudges arrive through. */
  SimpleInboundEventSource<PgAuditPolicy> eventSource() {
    return nudges;
  }

  /** Nudges sent so far. */
  long nudgesSent() {
    return sent.get();
  }

  /**
   * A policy's reconcile computed its coverage (under its service's lock; {@code outcome.coverage()}
   * null when it has none): the peers' writes are compared with this from now on.
   */
  void computed(PgAuditPolicy policy, Outcome outcome) {
    String key = policy.key();
    Digest digest = outcome.dryRun() ? null : Digest.of(outcome.coverage());
    if (digest == null) last.remove(key); else last.put(key, digest);
    pending.remove(key);
  }

  /** A reconcile that did not compute coverage ended: a nudge it was woken by is used up. */
  void settled(PgAuditPolicy policy) {
    pending.remove(policy.key());
  }

  /**
   * After {@code self} wrote {@code written} (under the service's lock). {@code afterKnown}: its own
   * coverage was computed on the state after the writes, the latest of the service in the cache;
   * otherwise (a write failed) every reached peer is nudged, as what is there now is not known.
   */
  void wrote(PgAuditPolicy self, List<Change> written, boolean afterKnown, List<PgAuditPolicy> live,
      Ownership ownership) {
    List<SqlTarget> targets = new ArrayList<>();
    boolean serviceWide = false;
    for (Change change : written) {
      if (change instanceof Change.SqlSettings s) targets.add(s.target());
      if (change instanceof Change.SetServiceKeys) serviceWide = true;
    }
    if (targets.isEmpty() && !serviceWide) return; // a sink write changes no pair's settings
    PolicyIntent writer = Intents.of(self);
    ServiceCoverage after = afterKnown ? cache.latest(writer.service()) : null;
    for (PgAuditPolicy peer : live) {
      String key = peer.key();
      Digest before = last.get(key);
      // No digest: it has not computed coverage here yet (its own reconcile is pending) or has none to show.
      if (key.equals(self.key()) || before == null || pending.contains(key)) continue;
      PolicyIntent intent = Intents.of(peer);
      boolean reached = serviceWide || targets.stream().anyMatch(t -> Coverage.reaches(intent, t));
      if (!reached || (after != null && before.equals(Digest.of(cache.report(after, intent, ownership))))) continue;
      nudge(peer);
    }
  }

  /** After a deleted policy's settings were released: what its peers get may have changed anywhere. */
  void released(List<PgAuditPolicy> live, PgAuditPolicy self) {
    live.stream().filter(p -> !p.key().equals(self.key()) && !pending.contains(p.key())).forEach(this::nudge);
  }

  private void nudge(PgAuditPolicy peer) {
    pending.add(peer.key());
    sent.incrementAndGet();
    send.accept(ResourceID.fromResource(peer));
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
    events.warning(policy, Conditions.EventReason.NOT_EFFECTIVE, now.get().getReason() + ": " + now.get().getMessage());
    log.info("{} Effective=False {}: {}", policy.key(), now.get().getReason(), now.get().getMessage());
  }

  void gone(PgAuditPolicy policy) {
    listener.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    last.remove(policy.key());
    pending.remove(policy.key());
  }
}
