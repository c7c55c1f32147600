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
import dev.pgaudit.operator.plan.ServiceKey;
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
 * condition turns False, and, after it wrote settings, a re-report of each other policy on its
 * service whose coverage the write changed.
 *
 * <p>A re-report costs a reconcile that waits for the service's lock and a status write, so it is
 * made only when needed: the write must reach one of the peer's pairs, the peer's coverage on the
 * state after the write (from the shared {@link CoverageCache}, no query) must differ from the one
 * it last computed, and the peer must not already have a nudge it has not acted on (its next
 * reconcile sees every write made before it takes the lock). And it is held while other policies
 * on the service are still to come ({@link CoverageHolds}, which also bounds how long): so a burst
 * of writes on a service re-reports each affected peer once, and a write that changes nothing for
 * a peer does not wake it.
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
  private final CoverageHolds holds;

  CoverageNotices(CoverageListener listener, CoverageCache cache) {
    this.listener = listener;
    this.cache = cache;
    this.send = nudges::propagateEvent;
    this.holds = new CoverageHolds(this::nudge, CoverageHolds.DAEMON);
  }

  /** For tests: nudges go to {@code send} instead of the event source, held re-reports' caps to {@code timer}. */
  CoverageNotices(CoverageListener listener, CoverageCache cache, Consumer<ResourceID> send, CoverageHolds.Timer timer) {
    this.listener = listener;
    this.cache = cache;
    this.send = send;
    this.holds = new CoverageHolds(this::nudge, timer);
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
    holds.ran(policy);
  }

  /** A reconcile that did not compute coverage ended: a nudge it was woken by is used up. */
  void settled(PgAuditPolicy policy) {
    pending.remove(policy.key());
    holds.ran(policy);
  }

  /**
   * True when a policy's status may leave out a change of its coverage for now: some other live
   * policy on the service has still to come, and its re-report is not overdue ({@link CoverageHolds}).
   * The caller then {@link #defer}s instead of writing.
   */
  boolean mayDefer(PgAuditPolicy policy, List<PgAuditPolicy> live) {
    return holds.othersToCome(policy, live) && holds.mayDefer(policy);
  }

  /** The policy's run left a coverage-only change out of its status: it is re-reported once its peers came. */
  void defer(PgAuditPolicy policy, ServiceKey service, List<PgAuditPolicy> live) {
    holds.defer(policy, service, live);
  }

  /** The policy's status shows the coverage its run computed (written, or equal to what was there). */
  void upToDate(PgAuditPolicy policy) {
    holds.upToDate(policy);
  }

  /**
   * True when {@code next} differs from {@code stored} in coverage only: the Effective condition and
   * status.coverage. Every other condition (Ready among them) and field is equal, so leaving the
   * change out for now leaves nothing but coverage behind.
   */
  static boolean onlyCoverageDiffers(PgAuditPolicyStatus stored, PgAuditPolicyStatus next) {
    if (stored == null || next.equals(stored)) return false;
    var storedEffective = Conditions.find(stored, Conditions.EFFECTIVE);
    if (storedEffective.isEmpty() || Conditions.find(next, Conditions.EFFECTIVE).isEmpty()) return false;
    PgAuditPolicyStatus rest = new PgAuditPolicyStatus();
    rest.setObservedGeneration(next.getObservedGeneration());
    rest.setConditions(next.getConditions().stream()
        .map(c -> Conditions.EFFECTIVE.equals(c.getType()) ? storedEffective.get() : c).toList());
    rest.setService(next.getService());
    rest.setIntegrationId(next.getIntegrationId());
    rest.setPlan(next.getPlan());
    rest.setPlanSummary(next.getPlanSummary());
    rest.setTargets(next.getTargets());
    rest.setLogSummary(next.getLogSummary());
    rest.setCoverage(stored.getCoverage());
    return rest.equals(stored);
  }

  /** Held re-reports, not sent yet (tests). */
  List<String> held() {
    return holds.held();
  }

  /**
   * After {@code self} wrote {@code written} (under the service's lock). {@code afterKnown}: its own
   * coverage was computed on the state after the writes, the latest of the service in the cache;
   * otherwise (a write failed) every reached peer is re-reported, as what is there now is not known.
   * Called after every run on the service (also one that wrote nothing): it may have been the last to come.
   */
  void wrote(PgAuditPolicy self, List<Change> written, boolean afterKnown, List<PgAuditPolicy> live,
      Ownership ownership) {
    PolicyIntent writer = Intents.of(self);
    List<SqlTarget> targets = new ArrayList<>();
    boolean serviceWide = false;
    for (Change change : written) {
      if (change instanceof Change.SqlSettings s) targets.add(s.target());
      if (change instanceof Change.SetServiceKeys) serviceWide = true;
    }
    // A sink write changes no pair's settings.
    if (!targets.isEmpty() || serviceWide) {
      ServiceCoverage after = afterKnown ? cache.latest(writer.service()) : null;
      for (PgAuditPolicy peer : live) {
        String key = peer.key();
        Digest before = last.get(key);
        // No digest: it has not computed coverage here yet (its own reconcile is pending) or has none to show.
        if (key.equals(self.key()) || before == null || pending.contains(key) || holds.holding(key)) continue;
        PolicyIntent intent = Intents.of(peer);
        boolean reached = serviceWide || targets.stream().anyMatch(t -> Coverage.reaches(intent, t));
        if (!reached || (after != null && before.equals(Digest.of(cache.report(after, intent, ownership))))) continue;
        holds.hold(peer, writer.service());
      }
    }
    // This run may have been the last one to come: then what is held goes out now.
    holds.settle(writer.service(), live);
  }

  /** After a deleted policy's settings were released: what its peers get may have changed anywhere. */
  void released(List<PgAuditPolicy> live, PgAuditPolicy self) {
    live.stream().filter(p -> !p.key().equals(self.key()) && !pending.contains(p.key())).forEach(this::nudge);
  }

  private void nudge(PgAuditPolicy peer) {
    nudge(ResourceID.fromResource(peer));
  }

  private void nudge(ResourceID peer) {
    pending.add(peer.getNamespace().orElse("") + "/" + peer.getName());
    sent.incrementAndGet();
    send.accept(peer);
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
    holds.forget(policy);
  }
}
