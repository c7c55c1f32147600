package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlSettingsException;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Performs a plan through the gateways. A failure stops only its own layer: the service PUT, each
 * SQL target and each integration are independent writes. SQL writes run only after a clean
 * pre-flight, so a missing privilege or role is reported before anything on that side is touched.
 */
final class Applier {

  /** Told about each change that was written (events, metrics). */
  interface Listener {
    void applied(Change change);

    /** {@code count} further changes were written and not told one by one (see {@link #MAX_TOLD}). */
    default void omitted(int count) {}

    /** Tells each written change as a line, prefixed; the changes beyond {@link #MAX_TOLD} as one line. */
    static Listener describing(String prefix, java.util.function.Consumer<String> say) {
      return new Listener() {
        @Override public void applied(Change change) { say.accept(prefix + describe(change)); }

        @Override public void omitted(int count) {
          say.accept(prefix + "and " + count + " more change(s) of database/role settings, not listed one by one");
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
   * {@code after}: the observed state with every successful change applied; {@code servicePut}: the
   * service as Aiven answered the last successful PUT (null without one).
   */
  record Result(Map<Layer, ReconcileFailure> failures, Map<Slot.LogsIntegration, String> integrationIds, Observed after,
      AivenService servicePut) {
    Result(Map<Layer, ReconcileFailure> failures, Map<Slot.LogsIntegration, String> integrationIds, Observed after) {
      this(failures, integrationIds, after, null);
    }
  }

  private final RetryDelays delays;

  Applier(RetryDelays delays) {
    this.delays = delays;
  }

  Result apply(Plan plan, Observation obs, Listener listener) {
    int[] told = {0};
    Listener capped = change -> {
      if (told[0]++ < MAX_TOLD) listener.applied(change);
    };
    Result result = applyAll(plan, obs, capped);
    if (told[0] > MAX_TOLD) listener.omitted(told[0] - MAX_TOLD);
    return result;
  }

  private Result applyAll(Plan plan, Observation obs, Listener listener) {
    Map<Layer, ReconcileFailure> failures = new EnumMap<>(Layer.class);
    Map<Slot.LogsIntegration, String> integrationIds = new HashMap<>();
    ServiceKey key = obs.observed().service();
    Observed after = obs.observed();
    AivenService servicePut = null;
    preflight(plan, obs).ifPresent(f -> failures.put(Layer.SQL, f));
    Set<SqlTarget> sqlLanded = null;
    List<Change.SqlSettings> sqlWritten = new java.util.ArrayList<>();

    for (Change change : plan.changes()) {
      ServiceIntegration created = null;
      try {
        if (change instanceof Change.SetServiceKeys keys) {
          servicePut = obs.aiven().updatePgaudit(key.project(), key.service(), keys.keys());
        } else if (change instanceof Change.SqlSettings sql) {
          // Every SQL change of the plan goes at the first one, batched: few round trips for 10,000 targets.
          if (sqlLanded == null && !failures.containsKey(Layer.SQL)) sqlLanded = applySql(plan, obs, failures);
          if (sqlLanded == null || !sqlLanded.contains(sql.target())) continue;
          sqlWritten.add(sql);
        } else if (change instanceof Change.CreateIntegration create) {
          created = obs.aiven().createLogsIntegration(key.project(), key.service(),
              create.slot().destProject(), create.slot().destService(), create.userConfig());
          integrationIds.put(create.slot(), created.id());
        } else if (change instanceof Change.UpdateIntegration update) {
          obs.aiven().updateIntegration(key.project(), update.id(), update.userConfig());
        } else if (change instanceof Change.DeleteIntegration delete) {
          obs.aiven().deleteIntegration(key.project(), delete.id());
        }
        // SQL changes go into the state at the end, all at once: one copy of the settings, not one per target.
        if (!(change instanceof Change.SqlSettings)) after = after.after(change, created);
        listener.applied(change);
      } catch (AivenApiException e) {
        Layer layer = change instanceof Change.SetServiceKeys ? Layer.SERVICE : Layer.SINK;
        failures.putIfAbsent(layer, ReconcileFailure.fromAiven(layer, e, describe(change), delays));
      } catch (SqlSettingsException e) {
        failures.putIfAbsent(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays));
      }
    }
    return new Result(failures, integrationIds, after.afterSql(sqlWritten), servicePut);
  }

  /** Applies the plan's SQL changes in batches; the targets that landed (the first failure goes into failures). */
  private Set<SqlTarget> applySql(Plan plan, Observation obs, Map<Layer, ReconcileFailure> failures) {
    List<PgAuditSession.TargetChanges> all = plan.changes().stream()
        .filter(c -> c instanceof Change.SqlSettings).map(c -> (Change.SqlSettings) c)
        .map(c -> new PgAuditSession.TargetChanges(c.target(), c.set(), c.reset())).toList();
    try {
      return new java.util.HashSet<>(obs.sql().get().applyAll(all,
          e -> failures.putIfAbsent(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays))));
    } catch (SqlSettingsException e) {
      failures.putIfAbsent(Layer.SQL, ReconcileFailure.fromFinding(e.finding(), delays));
      return Set.of();
    }
  }

  /** Runs the SQL pre-flight only when there is something to write: steady state costs nothing. */
  private Optional<ReconcileFailure> preflight(Plan plan, Observation obs) {
    List<Change.SqlSettings> sql = plan.changes().stream()
        .filter(c -> c instanceof Change.SqlSettings).map(c -> (Change.SqlSettings) c).toList();
    if (sql.isEmpty()) return Optional.empty();
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
      return Optional.of(ReconcileFailure.fromFinding(e.finding(), delays));
    }
    if (findings.isEmpty()) return Optional.empty();
    String message = summarise(findings);
    Finding first = findings.get(0);
    return Optional.of(ReconcileFailure.fromFinding(new Finding(first.kind(), first.target(), first.setting(), message), delays));
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
