package dev.pgaudit.reliability;

import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.SettingStatements;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.reliability.FaultScenarios.Scenario;
import dev.pgaudit.testkit.aiven.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the fault scenarios one after another against one fleet, each with its edit, then deletes
 * the fleet under one more fault, measuring each: faults injected, time from the end of the fault
 * to every policy converged (or gone), Aiven requests and SQL statements made, what was left
 * behind, invariant violations. Stops at nothing: every scenario is measured, the caller asserts.
 */
final class FaultSuite {
  static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);
  /** After convergence the operator must go quiet: no Aiven call at all for this long ... */
  static final Duration QUIET = Duration.ofSeconds(1);
  /** ... within this time. */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * One scenario's figures; {@code left}: what is not back to its value from before the operator
   * although no policy asks for it any more (after the edit; after the final delete, everything).
   */
  record Result(String name, String fault, String edit, int faultsInjected, int policies, long converged,
      long reconvergeMillis, long scenarioMillis, int aivenRequests, int requestBound, int sqlStatements,
      int requestsWhileSettling, LeftBehind.Count left, List<String> violations) {}

  private final OperatorTestEnv env;
  private final Fleet fleet;
  private final Invariants invariants;
  private final LogCapture logs;
  private final StatementRecorder statements;
  private final Set<String> intendedStatements = new HashSet<>();

  FaultSuite(OperatorTestEnv env, Fleet fleet, Invariants invariants, LogCapture logs, StatementRecorder statements) {
    this.env = env;
    this.fleet = fleet;
    this.invariants = invariants;
    this.logs = logs;
    this.statements = statements;
  }

  /** Seeds the services, takes the invariants' baseline, then creates the fleet and waits for it to converge. */
  Duration setUp() {
    long started = System.nanoTime();
    fleet.seedBystanders();
    invariants.takeBaseline();
    fleet.create();
    awaitConverged();
    rememberIntendedStatements();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  List<Result> runAll() {
    List<Result> results = new ArrayList<>();
    for (Scenario scenario : FaultScenarios.all()) results.add(run(scenario));
    return results;
  }

  Result run(Scenario scenario) {
    int requestsBefore = env.aiven.requests().total();
    int statementsBefore = statements.count();
    long started = System.nanoTime();
    int planned = scenario.run().applyAsInt(new FaultLab(env, fleet, scenario.edit()));
    long recovering = System.nanoTime();
    rememberIntendedStatements();
    boolean converged = awaitConverged();
    long done = System.nanoTime();
    int unused = env.aiven.faults().pending() + env.kube.faults().pending();
    env.aiven.faults().clear();
    env.kube.faults().clear();
    int requests = env.aiven.requests().total() - requestsBefore;
    int settling = settle();

    List<String> violations = new ArrayList<>();
    if (!converged) violations.add("not every policy converged within " + CONVERGENCE_TIMEOUT.toSeconds() + " s");
    Invariants.Findings findings = invariants.check(logs.lines());
    violations.addAll(findings.violations());
    int bound = requestBound(planned);
    violations.addAll(common(statementsBefore, requests, bound, settling));
    return new Result(scenario.name(), scenario.fault(), scenario.edit().description(), planned - unused,
        fleet.members.size(), fleet.convergedCount(), (done - recovering) / 1_000_000, (done - started) / 1_000_000,
        requests, bound, statements.count() - statementsBefore, settling, findings.left(), violations);
  }

  /**
   * The last scenario: every policy deleted (deletionPolicy Delete) while Aiven answers a burst of
   * 503s. Afterwards everything must be as it was before the first policy came: the DBA's settings,
   * the Console's feature flag and key, the hand-made integration with its own settings; nothing else.
   */
  Result deleteAll() {
    int requestsBefore = env.aiven.requests().total();
    int statementsBefore = statements.count();
    long started = System.nanoTime();
    int planned = 12;
    env.aiven.faults().inject(planned, Fault.status(503));
    fleet.deleteAll();
    boolean gone = awaitGone();
    long done = System.nanoTime();
    int unused = env.aiven.faults().pending();
    env.aiven.faults().clear();
    int requests = env.aiven.requests().total() - requestsBefore;
    int settling = settle();

    List<String> violations = new ArrayList<>();
    if (!gone) violations.add("not every policy was deleted within " + CONVERGENCE_TIMEOUT.toSeconds() + " s");
    Invariants.Findings findings = invariants.checkAllDeleted(logs.lines());
    violations.addAll(findings.violations());
    int bound = requestBound(planned);
    violations.addAll(common(statementsBefore, requests, bound, settling));
    return new Result("delete-all", planned + " Aiven answers 503 (any call) while every policy is deleted",
        "every policy deleted", planned - unused, fleet.members.size(), fleet.goneCount(), (done - started) / 1_000_000,
        (done - started) / 1_000_000, requests, bound, statements.count() - statementsBefore, settling, findings.left(),
        violations);
  }

  /** What every scenario must keep to: intended statements, each once; bounded requests; quiet afterwards. */
  private List<String> common(int statementsBefore, int requests, int bound, int settling) {
    List<String> violations = new ArrayList<>(unintendedStatements(statements.since(statementsBefore)));
    if (requests > bound) violations.add(requests + " Aiven requests exceed the bound " + bound + " (retry loop?)");
    if (settling < 0) violations.add("Aiven calls went on for more than " + SETTLE_TIMEOUT.toSeconds() + " s after convergence");
    // Three per policy: a sink whose integration Aiven has not reported active yet is re-checked
    // (its list and its destination) until it is, and a write makes the service's peers look again.
    if (settling > fleet.members.size() * 3) violations.add(settling + " Aiven calls after convergence, more than three per policy");
    violations.addAll(repeatedStatements(statements.since(statementsBefore)));
    return violations;
  }

  private boolean awaitGone() {
    try {
      await("every policy deleted").atMost(CONVERGENCE_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> fleet.goneCount() == fleet.members.size());
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /**
   * What a bounded operator may spend on one scenario: each policy re-applies a few times (the
   * spec change, a failed attempt or two while the fault lasts, the recovery), each time with a
   * handful of calls and the client's retries; each injected fault can cost a retry. A hot loop
   * (no backoff) makes thousands of calls in the seconds a scenario lasts.
   */
  int requestBound(int faults) {
    int callsPerReconcile = 4;
    int attemptsPerCall = 3;
    int reconcilesPerPolicy = 4;
    return fleet.members.size() * reconcilesPerPolicy * callsPerReconcile + faults * attemptsPerCall;
  }

  private boolean awaitConverged() {
    try {
      await("every policy converged").atMost(CONVERGENCE_TIMEOUT).pollInterval(Duration.ofMillis(100))
          .until(() -> fleet.convergedCount() == fleet.members.size());
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /**
   * Waits until no Aiven call has been made for {@link #QUIET}; returns the calls made meanwhile
   * (peers re-triggered by the last spec changes may still be reading), or -1 when the operator
   * did not go quiet within {@link #SETTLE_TIMEOUT}.
   */
  private int settle() {
    int before = env.aiven.requests().total();
    long[] last = {before, System.nanoTime()};
    try {
      await().atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
        int now = env.aiven.requests().total();
        if (now != last[0]) {
          last[0] = now;
          last[1] = System.nanoTime();
        }
        return System.nanoTime() - last[1] >= QUIET.toNanos();
      });
      return (int) last[0] - before;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return -1;
    }
  }

  /**
   * The exact statements the policies' specs (this round's and every earlier one) call for, and
   * their releases: RESET, or SET back to the value from before the operator.
   */
  private void rememberIntendedStatements() {
    for (PgAuditPolicy p : fleet.policies()) {
      if (p.getSpec().getMode() == Mode.DryRun) continue;
      Intents.of(p).wants().forEach((slot, value) -> {
        if (slot instanceof Slot.Sql sql) {
          intendedStatements.add(SettingStatements.set(sql.sqlTarget(), sql.pgSetting(), (String) value));
          intendedStatements.add(SettingStatements.reset(sql.sqlTarget(), sql.pgSetting()));
          String prior = invariants.leftBehind.settingBefore(RealState.SettingKey.of(sql.sqlTarget(), sql.pgSetting()));
          if (prior != null) intendedStatements.add(SettingStatements.set(sql.sqlTarget(), sql.pgSetting(), prior));
        }
      });
    }
  }

  /** Each write happens once: a statement run twice in one scenario means a write was repeated. */
  private static List<String> repeatedStatements(List<StatementRecorder.Statement> ran) {
    Set<String> seen = new HashSet<>();
    return ran.stream().filter(s -> !seen.add(s.sql())).map(s -> "SQL statement run twice: " + s.sql()).toList();
  }

  private List<String> unintendedStatements(List<StatementRecorder.Statement> ran) {
    return ran.stream().filter(s -> !intendedStatements.contains(s.sql()))
        .map(s -> "unintended SQL statement on " + s.target().describe() + ": " + s.sql()).toList();
  }
}
