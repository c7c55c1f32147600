package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Performs a plan through the gateways. A failure stops only its own layer: the service PUT, each
 * SQL target and each integration are independent writes. SQL writes run only after a pre-flight:
 * a target it finds a problem with (a missing database or role, a missing privilege) is not
 * touched and is reported, while the targets that passed are written, so one missing database
 * does not leave the others unaudited.
 */
final class Applier {

  /** Told about each change that was written (events, metrics, which peers to wake), then that the run ended. */
  interface Listener {
    void applied(Change change);

    /** The plan's writes are over (also after a failure). */
    default void done() {}

    /**
     * Tells the first {@link #MAX_TOLD} written changes as a line each, prefixed, and the rest as one
     * line when the run ends (a policy on 10,000 targets would otherwise make 10,000 Events).
     */
    static Listener describing(String prefix, java.util.function.Consumer<String> say) {
      return new Listener() {
        private int count;

        @Override public void applied(Change change) {
          if (count++ < MAX_TOLD) say.accept(prefix + change.describe());
        }

        @Override public void done() {
          if (count > MAX_TOLD) {
            say.accept(prefix + "and " + (count - MAX_TOLD) + " more change(s) of database/role settings, not listed one by one");
          }
        }
      };
    }
  }

  /**
   * At most this many changes of one run are told one by one: a policy on 10,000 targets would
   * otherwise make 10,000 Events. The rest are told as one count.
   */
  static final int MAX_TOLD = 20;

  /**
   * {@code written}: the changes that landed, in order; {@code created}: the integrations the creates
   * returned; {@code unwritten}: the SQL targets the pre-flight stopped (their reason is the SQL
   * failure); {@code servicePut}: the service as Aiven answered the last successful PUT (null
   * without one). What the state is after them is the {@link Observer}'s to say.
   */
  record Result(Map<Layer, ReconcileFailure> failures, List<Change> written,
      Map<Slot.LogsIntegration, ServiceIntegration> created, Set<SqlTarget> unwritten, boolean releasesHeld,
      AivenService servicePut) {
    static final Result NOTHING = new Result(Map.of(), List.of(), Map.of(), Set.of(), false, null);

    /** The ids of the integrations this run created. */
    Map<Slot.LogsIntegration, String> integrationIds() {
      Map<Slot.LogsIntegration, String> ids = new HashMap<>();
      created.forEach((slot, integration) -> ids.put(slot, integration.id()));
      return ids;
    }
  }

  /** What the pre-flight stopped: some targets, or (a failure without a target) all of them. */
  private record Stopped(ReconcileFailure failure, Set<SqlTarget> targets, boolean all) {
    static final Stopped NOTHING = new Stopped(null, Set.of(), false);

    boolean stops(SqlTarget target) {
      return all || targets.contains(target);
    }
  }

  private final RetryDelays delays;

  Applier(RetryDelays delays) {
    this.delays = delays;
  }

  RetryDelays delays() {
    return delays;
  }

  /**
   * @param releases the plan's changes that undo what the policy no longer targets: while the
   *     pre-flight stops one of its targets their SQL part waits, so a typo in an edited scope
   *     never leaves the old targets unaudited before the new ones are
   */
  Result apply(Plan plan, Observation seen, Gateways through, Listener listener, List<Change> releases) {
    try {
      return applyAll(plan, seen.observed().service(), through, listener, releases);
    } finally {
      listener.done();
    }
  }

  private Result applyAll(Plan plan, ServiceKey key, Gateways through, Listener listener, List<Change> releases) {
    Map<Layer, ReconcileFailure> failures = new EnumMap<>(Layer.class);
    Map<Slot.LogsIntegration, ServiceIntegration> created = new HashMap<>();
    List<Change> written = new ArrayList<>();
    AivenService servicePut = null;
    Stopped stopped = preflight(plan, through);
    if (stopped.failure() != null) failures.put(Layer.SQL, stopped.failure());
    Set<SqlTarget> unwritten = new LinkedHashSet<>();
    boolean releasesHeld = false;
    Set<SqlTarget> sqlLanded = null;

    for (Change change : plan.changes()) {
      try {
        if (change instanceof Change.SetServiceKeys keys) {
          servicePut = through.aiven().updatePgaudit(key.project(), key.service(), keys.keys());
        } else if (change instanceof Change.SqlSettings sql) {
          if (stopped.failure() != null && releases.contains(sql)) {
            releasesHeld = true;
            continue;
          }
          if (stopped.stops(sql.target())) {
            unwritten.add(sql.target());
            continue;
          }
          // Every SQL change the pre-flight let through goes at the first one, batched: few round
          // trips for 10,000 targets. A write that fails stops the rest: the connection may be gone.
          if (sqlLanded == null) sqlLanded = applySql(plan, through, stopped, releases, failures);
          if (!sqlLanded.contains(sql.target())) {
            unwritten.add(sql.target());
            continue;
          }
        } else if (change instanceof Change.CreateIntegration create) {
          var destination = through.destinations().problem(create.slot(), false);
          if (destination.isPresent()) {
            failures.putIfAbsent(Layer.SINK, destination.get());
            continue;
          }
          created.put(create.slot(), through.aiven().createLogsIntegration(key.project(), key.service(),
              create.slot().destProject(), create.slot().destService(), create.userConfig()));
        } else if (change instanceof Change.UpdateIntegration update) {
          through.aiven().updateIntegration(key.project(), update.id(), update.userConfig());
        } else if (change instanceof Change.DeleteIntegration delete) {
          through.aiven().deleteIntegration(key.project(), delete.id());
        }
        written.add(change);
        listener.applied(change);
      } catch (AivenApiException e) {
        // A refused create: the destination may have stopped or gone since the reading that showed it running.
        var destination = change instanceof Change.CreateIntegration create && refusal(e)
            ? through.destinations().afterRefusedCreate(create.slot()) : java.util.Optional.<ReconcileFailure>empty();
        failures.putIfAbsent(change.layer(),
            destination.orElseGet(() -> ReconcileFailure.fromAiven(change.layer(), e, change.describe(), delays)));
      } catch (SqlSettingsException e) {
        failures.merge(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays), Applier::alsoFailed);
      }
    }
    return new Result(failures, written, created, unwritten, releasesHeld, servicePut);
  }

  /**
   * Applies the SQL changes the pre-flight let through in batches; the targets that landed (the
   * first failure goes into failures, beside the pre-flight's).
   */
  private Set<SqlTarget> applySql(Plan plan, Gateways through, Stopped stopped, List<Change> releases,
      Map<Layer, ReconcileFailure> failures) {
    List<PgAuditSession.TargetChanges> all = plan.changes().stream()
        .filter(c -> c instanceof Change.SqlSettings).map(c -> (Change.SqlSettings) c)
        .filter(c -> !(stopped.failure() != null && releases.contains(c)) && !stopped.stops(c.target()))
        .map(c -> new PgAuditSession.TargetChanges(c.target(), c.set(), c.reset())).toList();
    java.util.function.Consumer<SqlSettingsException> failed = e ->
        failures.merge(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays), Applier::alsoFailed);
    try {
      return new HashSet<>(through.sql().get().applyAll(all, failed));
    } catch (SqlSettingsException e) {
      failed.accept(e);
      return Set.of();
    }
  }

  /**
   * Runs the SQL pre-flight only when there is something to write: steady state costs nothing.
   * Findings about a target stop that target; a finding without one (the checks could not run)
   * stops them all.
   */
  private Stopped preflight(Plan plan, Gateways through) {
    List<Change.SqlSettings> sql = plan.changes().stream()
        .filter(c -> c instanceof Change.SqlSettings).map(c -> (Change.SqlSettings) c).toList();
    if (sql.isEmpty()) return Stopped.NOTHING;
    Set<SqlTarget> targets = new LinkedHashSet<>();
    Set<PgAuditSetting> settings = new LinkedHashSet<>();
    for (Change.SqlSettings change : sql) {
      targets.add(change.target());
      settings.addAll(change.set().keySet());
      settings.addAll(change.reset());
    }
    List<Finding> findings;
    try {
      findings = through.sql().get().preflight(targets, settings);
    } catch (SqlSettingsException e) {
      return new Stopped(ReconcileFailure.fromFinding(e.finding(), delays), targets, true);
    }
    if (findings.isEmpty()) return Stopped.NOTHING;
    String message = summarise(findings);
    Finding first = findings.get(0);
    ReconcileFailure failure = ReconcileFailure.fromFinding(new Finding(first.kind(), first.target(), first.setting(), message), delays);
    boolean all = findings.stream().anyMatch(f -> f.target() == null);
    Set<SqlTarget> stopped = findings.stream().map(Finding::target).filter(Objects::nonNull)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return new Stopped(failure, stopped, all);
  }

  /**
   * A write that failed after the pre-flight stopped other targets: both are told, under the
   * pre-flight's reason, and the sooner retry wins (a write refused in the extension's
   * activation window is retried within seconds).
   */
  private static ReconcileFailure alsoFailed(ReconcileFailure stopped, ReconcileFailure write) {
    Duration retry = stopped.retryAfter == null ? write.retryAfter
        : write.retryAfter == null || stopped.retryAfter.compareTo(write.retryAfter) <= 0 ? stopped.retryAfter : write.retryAfter;
    return new ReconcileFailure(Layer.SQL, stopped.reason, stopped.getMessage() + " " + write.getMessage(), retry);
  }

  /** Aiven refused the request as it is (not a limit, an outage or the token): 400, 404, 409, 422… */
  private static boolean refusal(AivenApiException e) {
    return e.status() >= 400 && e.status() < 500 && e.status() != 429 && !e.isAuthFailure();
  }

  /** At most this many findings are spelled out in a condition; a policy on 10,000 targets can have 10,000. */
  static final int MAX_FINDINGS_SPELLED_OUT = 5;

  /** The distinct finding messages, the first few in full and then how many more there are. */
  static String summarise(List<Finding> findings) {
    List<String> messages = findings.stream().map(Finding::message).distinct().toList();
    String shown = messages.stream().limit(MAX_FINDINGS_SPELLED_OUT).collect(Collectors.joining(" "));
    int more = messages.size() - MAX_FINDINGS_SPELLED_OUT;
    return more <= 0 ? shown : shown + " And " + more + " more problem(s) like these.";
  }
}
