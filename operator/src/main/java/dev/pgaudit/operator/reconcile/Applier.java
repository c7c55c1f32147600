package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.EnumMap;
import java.util.HashMap;
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

  /** Told about each change that was written (events, metrics). */
  interface Listener {
    void applied(Change change);
  }

  /**
   * {@code after}: the observed state with every successful change applied; {@code unwritten}: the
   * SQL targets the pre-flight stopped (their reason is the SQL failure).
   */
  record Result(Map<Layer, ReconcileFailure> failures, Map<Slot.LogsIntegration, String> integrationIds, Observed after,
      Set<SqlTarget> unwritten) {
    Result(Map<Layer, ReconcileFailure> failures, Map<Slot.LogsIntegration, String> integrationIds, Observed after) {
      this(failures, integrationIds, after, Set.of());
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

  Result apply(Plan plan, Observation obs, Listener listener) {
    Map<Layer, ReconcileFailure> failures = new EnumMap<>(Layer.class);
    Map<Slot.LogsIntegration, String> integrationIds = new HashMap<>();
    ServiceKey key = obs.observed().service();
    Observed after = obs.observed();
    Stopped stopped = preflight(plan, obs);
    if (stopped.failure() != null) failures.put(Layer.SQL, stopped.failure());
    Set<SqlTarget> unwritten = new LinkedHashSet<>();
    boolean sqlWriteFailed = false;

    for (Change change : plan.changes()) {
      ServiceIntegration created = null;
      try {
        if (change instanceof Change.SetServiceKeys keys) {
          obs.aiven().updatePgaudit(key.project(), key.service(), keys.keys());
        } else if (change instanceof Change.SqlSettings sql) {
          if (stopped.stops(sql.target())) {
            unwritten.add(sql.target());
            continue;
          }
          // A write that failed stops the other SQL writes: the connection may be gone.
          if (sqlWriteFailed) {
            unwritten.add(sql.target());
            continue;
          }
          try {
            obs.sql().get().apply(sql.target(), sql.set(), sql.reset());
          } catch (SqlSettingsException e) {
            unwritten.add(sql.target());
            sqlWriteFailed = true;
            throw e;
          }
        } else if (change instanceof Change.CreateIntegration create) {
          created = obs.aiven().createLogsIntegration(key.project(), key.service(),
              create.slot().destProject(), create.slot().destService(), create.userConfig());
          integrationIds.put(create.slot(), created.id());
        } else if (change instanceof Change.UpdateIntegration update) {
          obs.aiven().updateIntegration(key.project(), update.id(), update.userConfig());
        } else if (change instanceof Change.DeleteIntegration delete) {
          obs.aiven().deleteIntegration(key.project(), delete.id());
        }
        after = after.after(change, created);
        listener.applied(change);
      } catch (AivenApiException e) {
        Layer layer = change instanceof Change.SetServiceKeys ? Layer.SERVICE : Layer.SINK;
        failures.putIfAbsent(layer, ReconcileFailure.fromAiven(layer, e, describe(change), delays));
      } catch (SqlSettingsException e) {
        failures.putIfAbsent(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays));
      }
    }
    return new Result(failures, integrationIds, after, unwritten);
  }

  /**
   * Runs the SQL pre-flight only when there is something to write: steady state costs nothing.
   * Findings about a target stop that target; a finding without one (the checks could not run)
   * stops them all.
   */
  private Stopped preflight(Plan plan, Observation obs) {
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
      findings = obs.sql().get().preflight(targets, settings);
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

  /** At most this many findings are spelled out in a condition; a policy on 10,000 targets can have 10,000. */
  static final int MAX_FINDINGS_SPELLED_OUT = 5;

  /** The distinct finding messages, the first few in full and then how many more there are. */
  static String summarise(List<Finding> findings) {
    List<String> messages = findings.stream().map(Finding::message).distinct().toList();
    String shown = messages.stream().limit(MAX_FINDINGS_SPELLED_OUT).collect(Collectors.joining(" "));
    int more = messages.size() - MAX_FINDINGS_SPELLED_OUT;
    return more <= 0 ? shown : shown + " And " + more + " more problem(s) like these.";
  }

  static String describe(Change change) {
    return change.lines().stream().map(Object::toString).collect(Collectors.joining("; "));
  }
}
