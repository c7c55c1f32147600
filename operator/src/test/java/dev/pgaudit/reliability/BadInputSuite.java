package dev.pgaudit.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.reconcile.Conditions.Reason;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.testkit.crd.CrdValidator;
import dev.pgaudit.testkit.crd.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the bad-input corpus: each spec through the offline CRD validator, and each one it accepts
 * through the real operator, in batches, checking the condition it ends with, that it does not
 * spin, what it stored, and that every SQL statement it caused is exactly an intended one.
 */
final class BadInputSuite {
  static final int BATCH = 60;
  /**
   * A ceiling, not a wait: a batch of 60 policies on fresh services meets pgaudit's activation
   * window and retries; with both cores oversubscribed tenfold 30 s was seen to be too short.
   */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
  /**
   * Observed after a batch has settled: a Ready spec reconciles at most once more, a failure that
   * needs a human at most every 2 s, a transient one (connection, service state, retryable Aiven
   * error) at most every 0.5 s — the test operator's requeue delays.
   */
  static final Duration WINDOW = Duration.ofSeconds(2);
  static final int MAX_RECONCILES_IN_WINDOW = 5;
  /** The exception the reconciler throws for a failed reconcile or cleanup, by class name. */
  static final String THROWN_ON_PURPOSE = "dev.pgaudit.operator.reconcile.PolicyFailure";
  private static final java.util.Set<String> TRANSIENT = java.util.Set.of(Reason.CONNECTION_FAILED,
      Reason.SERVICE_NOT_RUNNING);

  /** What happened to one spec: the rules that refused it, or the Ready condition it ended with. */
  record Handled(BadInput input, List<String> rules, String status, String reason, String message) {}

  /**
   * @param edits the accepted cases edited once settled, by edit
   * @param left what the cases left behind after every one was edited and deleted
   */
  record Summary(List<Handled> handled, int sqlStatements, int maxReconcilesInWindow, long runMillis,
      Map<String, Long> edits, BadInputLeftovers.Found left, List<String> problems) {
    long rejected() { return handled.stream().filter(h -> !h.rules().isEmpty()).count(); }
  }

  private final OperatorTestEnv env;
  private final StatementRecorder statements;
  private final LogCapture logs;
  private final SecretScan secrets;
  private final List<String> problems = new ArrayList<>();
  private final List<Handled> handled = new ArrayList<>();
  private final List<String> editsMade = new ArrayList<>();
  private int maxReconcilesInWindow;

  BadInputSuite(OperatorTestEnv env, StatementRecorder statements, LogCapture logs, SecretScan secrets) {
    this.env = env;
    this.statements = statements;
    this.logs = logs;
    this.secrets = secrets;
  }

  Summary run() {
    // Before the statements are counted: its SQL is not the corpus's; it stays until the env closes.
    OtherTeam otherTeam = OtherTeam.start(env);
    long started = System.nanoTime();
    int statementsBefore = statements.count();
    int logMark = logs.mark();
    HostileCorpus hostile = HostileCorpus.generate();
    List<BadInput> corpus = new ArrayList<>(RejectedCorpus.generate());
    corpus.addAll(hostile.cases);
    corpus.addAll(TenancyCorpus.generate());

    CrdValidator validator = CrdValidator.forCommittedCrd();
    List<BadInput> accepted = new ArrayList<>();
    for (BadInput input : corpus) {
      List<String> rules = validator.check(input.manifest()).stream().map(BadInputSuite::rule).distinct().toList();
      if (input.shouldBeRejected() && rules.isEmpty()) problems.add(input.id() + " (" + input.klass() + ") was accepted by the CRD");
      if (!input.shouldBeRejected() && !rules.isEmpty()) problems.add(input.id() + " was refused by the CRD: " + rules);
      if (rules.isEmpty()) accepted.add(input);
      else handled.add(new Handled(input, rules, null, null, null));
    }

    hostile.databases.forEach(db -> env.sqlAsAvnadmin("CREATE DATABASE " + OperatorTestEnv.quote(db)));
    hostile.roles.forEach(role -> env.sqlAsAvnadmin("CREATE ROLE " + OperatorTestEnv.quote(role) + " LOGIN"));
    BadInputLeftovers leftovers = new BadInputLeftovers(env);
    leftovers.takeBaseline();
    List<String> namespaces = new ArrayList<>();
    for (int from = 0; from < accepted.size(); from += BATCH) {
      namespaces.add(runBatch(validator, accepted.subList(from, Math.min(from + BATCH, accepted.size())), hostile.secrets));
    }
    awaitAllGone(namespaces);
    BadInputLeftovers.Found left = leftovers.check(accepted);
    left.count().details().forEach(d -> problems.add("left behind after edits and deletes: " + printable(d)));
    problems.addAll(otherTeam.stillApplied());

    List<StatementRecorder.Statement> ran = statements.since(statementsBefore);
    checkStatements(ran, accepted);
    checkLogsAndEvents(logs.linesSince(logMark), namespaces);
    return new Summary(List.copyOf(handled), ran.size(), maxReconcilesInWindow, (System.nanoTime() - started) / 1_000_000,
        count(editsMade), left, List.copyOf(problems));
  }

  private String runBatch(CrdValidator validator, List<BadInput> batch, Map<String, Map<String, byte[]>> secrets) {
    String ns = env.namespace();
    secrets.forEach((name, data) -> env.putSecretBytes(ns, name, data));
    Map<BadInput, PgAuditPolicy> created = new LinkedHashMap<>();
    for (BadInput input : batch) {
      if (input.service() != null) env.aiven.addPgService(OperatorTestEnv.PROJECT, input.service(), "16", env.pg);
      ObjectNode manifest = input.manifest().deepCopy();
      ((ObjectNode) manifest.get("metadata")).put("namespace", ns);
      // as the API server stores it: defaults filled in
      PgAuditPolicy policy = BadInput.JSON.convertValue(validator.defaulted(manifest), PgAuditPolicy.class);
      created.put(input, env.create(policy));
    }
    try {
      await("bad-input batch to settle").atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> batch.stream().allMatch(i -> settled(i, env.get(ns, i.id()))));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // each unsettled case is reported below with the condition it has
    }
    Map<BadInput, Integer> mark = reconciles(batch, ns, Map.of());
    long windowStart = System.nanoTime();
    sleep(WINDOW);
    Map<BadInput, Integer> reconciles = reconciles(batch, ns, mark);
    // A loaded machine may stretch the window (the sleep, the reads): the requeue bounds are per
    // WINDOW, so they scale with the windows that really passed (a quarter window of slack before
    // the next one counts); "at most once more" does not scale.
    long stretched = System.nanoTime() - windowStart - WINDOW.toNanos() / 4;
    long windows = Math.max(1, (long) Math.ceil(stretched / (double) WINDOW.toNanos()));
    reconciles.forEach((input, n) -> {
      int allowed = allowed(input, windows);
      if (n > allowed) problems.add(input.id() + " (" + input.klass() + ") reconciled " + n + " times in "
          + windows * WINDOW.toSeconds() + " s, more than its bound " + allowed);
    });
    maxReconcilesInWindow = Math.max(maxReconcilesInWindow, reconciles.values().stream().mapToInt(i -> i).max().orElse(0));
    for (BadInput input : batch) record(input, env.get(ns, input.id()));
    editAll(ns, batch);
    created.values().forEach(p -> env.delete(ns, p.getMetadata().getName()));
    // The next batch's quiet window must not see this batch's cleanups: they re-trigger every peer
    // on the same service, which a loaded machine can delay into that window.
    awaitAllGone(List.of(ns));
    return ns;
  }

  private static boolean settled(BadInput input, PgAuditPolicy p) {
    return settled(input.readyStatus(), input.readyReason(), p);
  }

  private static boolean settled(String status, String reason, PgAuditPolicy p) {
    Condition ready = Fleet.readyCondition(p).orElse(null);
    return ready != null && status.equals(ready.getStatus()) && reason.equals(ready.getReason())
        && p.getMetadata().getGeneration().equals(ready.getObservedGeneration());
  }

  /**
   * Edits every case that settled as expected, the way people edit in Git, waits for each to
   * settle again, and checks what it stores and what it released. The deletes that follow must
   * then undo the rest, including what a policy switched to DryRun wrote while it was Enforce.
   */
  private void editAll(String ns, List<BadInput> batch) {
    List<BadInput> edited = batch.stream().filter(i -> settled(i, env.get(ns, i.id()))).toList();
    edited.forEach(i -> env.edit(ns, i.id(), i.edit().change()));
    try {
      await("edited bad-input batch to settle").atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> edited.stream().allMatch(i -> settled(i.edit().readyStatus(), i.edit().readyReason(), env.get(ns, i.id()))));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // each unsettled case is reported below with the condition it has
    }
    for (BadInput input : edited) {
      BadInput.Edit edit = input.edit();
      editsMade.add(edit.description());
      PgAuditPolicy p = env.get(ns, input.id());
      if (!settled(edit.readyStatus(), edit.readyReason(), p)) {
        Condition ready = Fleet.readyCondition(p).orElse(null);
        problems.add(input.id() + " (" + input.klass() + ") after the edit \"" + edit.description() + "\" ended "
            + (ready == null ? "without Ready" : ready.getStatus() + "/" + ready.getReason() + ": " + printable(ready.getMessage()))
            + " instead of " + edit.readyStatus() + "/" + edit.readyReason());
        continue;
      }
      checkStored(input.id() + " after the edit", edit.stored());
      edit.released().forEach((target, names) -> {
        Map<String, String> actual = env.stored(database(target), role(target));
        names.stream().filter(actual::containsKey).forEach(name -> problems.add(input.id() + " after the edit: "
            + printable(target.describe()) + " still stores " + name + "=" + printable(actual.get(name))));
      });
    }
  }

  private void checkStored(String what, Map<SqlTarget, Map<String, String>> stored) {
    stored.forEach((target, values) -> {
      Map<String, String> actual = env.stored(database(target), role(target));
      values.forEach((name, value) -> {
        if (!value.equals(actual.get(name))) {
          problems.add(what + ": " + target.describe() + " stores " + name + "=" + actual.get(name) + ", not " + value);
        }
      });
    });
  }

  private void record(BadInput input, PgAuditPolicy p) {
    Condition ready = Fleet.readyCondition(p).orElse(null);
    handled.add(new Handled(input, List.of(), ready == null ? null : ready.getStatus(), ready == null ? null : ready.getReason(),
        ready == null ? null : ready.getMessage()));
    if (!settled(input, p)) {
      problems.add(input.id() + " (" + input.klass() + ", " + printable(input.manifest().path("spec").toString()) + ") ended "
          + (ready == null ? "without Ready" : ready.getStatus() + "/" + ready.getReason() + ": " + printable(ready.getMessage()))
          + " instead of " + input.readyStatus() + "/" + input.readyReason());
      return;
    }
    if (input.mustName() != null && !ready.getMessage().contains(input.mustName())) {
      problems.add(input.id() + ": the message does not name " + printable(input.mustName()) + ": " + printable(ready.getMessage()));
    }
    checkStored(input.id(), input.stored());
  }

  static int bound(BadInput input) {
    if ("True".equals(input.readyStatus())) return 1;
    return TRANSIENT.contains(input.readyReason()) ? MAX_RECONCILES_IN_WINDOW : 2;
  }

  /** What {@code input} may reconcile in {@code windows} consecutive windows once settled. */
  static int allowed(BadInput input, long windows) {
    int bound = bound(input);
    return "True".equals(input.readyStatus()) ? bound : (int) (bound * windows);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The reconciles each input's policy started since {@code mark} (JOSDK's count: Aiven reads are
   * shared per project, so they no longer tell which policy read).
   */
  private Map<BadInput, Integer> reconciles(List<BadInput> batch, String ns, Map<BadInput, Integer> mark) {
    Map<BadInput, Integer> counts = new LinkedHashMap<>();
    batch.forEach(i -> counts.put(i, env.reconciles(ns, i.id()) - mark.getOrDefault(i, 0)));
    return counts;
  }

  private void awaitAllGone(List<String> namespaces) {
    try {
      await("bad-input policies to be deleted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> namespaces.stream().allMatch(ns -> env.client.resources(PgAuditPolicy.class).inNamespace(ns)
              .list().getItems().isEmpty()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      problems.add("bad-input policies were not all deleted within 60 s");
    }
  }

  /** Every statement run is exactly one some accepted spec intends (SET, or RESET on deletion), on its target. */
  private void checkStatements(List<StatementRecorder.Statement> ran, List<BadInput> accepted) {
    Map<String, SqlTarget> intended = new HashMap<>();
    accepted.forEach(i -> i.intended().forEach(s -> intended.put(s.sql(), s.target())));
    for (StatementRecorder.Statement s : ran) {
      if (!s.target().equals(intended.get(s.sql()))) {
        problems.add("unintended SQL statement on " + printable(s.target().describe()) + ": " + printable(s.sql()));
      }
    }
  }

  private void checkLogsAndEvents(List<String> lines, List<String> namespaces) {
    // A failure the reconciler throws on purpose (PolicyFailure, for JOSDK's retry) is logged by
    // JOSDK too; any other exception there escaped the reconciler.
    lines.stream().filter(l -> l.startsWith("WARN io.javaoperatorsdk") || l.startsWith("ERROR io.javaoperatorsdk"))
        .filter(l -> !l.contains(" | " + THROWN_ON_PURPOSE + ": "))
        .forEach(l -> problems.add("an exception escaped the reconciler: " + printable(l)));
    problems.addAll(secrets.findIn(lines, "log line"));
    List<String> events = new ArrayList<>();
    namespaces.forEach(ns -> env.client.v1().events().inNamespace(ns).list().getItems()
        .forEach(e -> events.add(e.getMessage())));
    problems.addAll(secrets.findIn(events, "Kubernetes Event"));
  }

  /** The rule a violation stands for: a CEL rule by its message, any other check by path and keyword. */
  static String rule(Violation v) {
    if (v.check().equals("x-kubernetes-validations")) return "CEL: " + v.message();
    return v.path().replaceAll("\\[\\d+]", "[*]") + ": " + v.check();
  }

  static Map<String, Long> count(List<String> keys) {
    Map<String, Long> counts = new TreeMap<>();
    keys.forEach(k -> counts.merge(k, 1L, Long::sum));
    return counts;
  }

  /** Control characters made visible, so a report line stays one line. */
  static String printable(String s) {
    if (s == null) return "null";
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> out.append(Character.isISOControl(cp) || cp == 0x202E || cp == 0x200B
        ? String.format("\\u%04X", cp) : new String(Character.toChars(cp))));
    return out.toString();
  }

  private static String database(SqlTarget t) {
    return t instanceof SqlTarget.Database d ? d.database() : t instanceof SqlTarget.RoleInDatabase rd ? rd.database() : null;
  }

  private static String role(SqlTarget t) {
    return t instanceof SqlTarget.Role r ? r.role() : t instanceof SqlTarget.RoleInDatabase rd ? rd.role() : null;
  }
}
