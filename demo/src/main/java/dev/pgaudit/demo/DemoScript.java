package dev.pgaudit.demo;

import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The demo's story, step by step: set up, apply the examples, watch the operator converge, show
 * what it wrote, let an application run audited statements, delete the policies and show what is
 * left. Each step checks its outcome; the first one that does not hold ends the demo with a
 * {@link DemoFailure} saying what was expected.
 */
final class DemoScript {
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(15);
  private static final String BILLING_DDL = "billing-ddl-to-opensearch";
  private static final String REPORTING_IN_BILLING = "reporting@billing: pgaudit.log is 'read, misc'";

  private final PrintStream out;
  private final Path repo;
  private final Consumer<DemoEnvironment> onStart;
  private final long startNanos = System.nanoTime();

  DemoScript(PrintStream out, Path repo, Consumer<DemoEnvironment> onStart) {
    this.out = out;
    this.repo = repo;
    this.onStart = onStart;
  }

  void run() {
    try (DemoEnvironment env = DemoEnvironment.start()) {
      onStart.accept(env);
      section("1. Environment (everything on loopback)");
      line("PostgreSQL " + env.pg.majorVersion() + " + pgaudit on 127.0.0.1:" + env.pg.port() + ", standing in for "
          + DemoEnvironment.PG_SERVICE + "'s SQL side");
      line("Aiven API simulator on " + env.aiven.baseUrl());
      line("  project " + DemoEnvironment.PROJECT + ": " + DemoEnvironment.PG_SERVICE + " (PostgreSQL " + DemoEnvironment.PG_VERSION + ", RUNNING), "
          + DemoEnvironment.OPENSEARCH_SERVICE + " (OpenSearch; its Dashboards stand-in on " + env.dashboards.baseUri() + ")");
      line("Kubernetes API (Fabric8 mock server, CRUD mode) on " + env.kube.url());
      env.createApplicationObjects().forEach(o -> line("as avnadmin: " + o));
      env.startOperator();
      line("operator started (JOSDK, watching all namespaces)");
      line("tenancy rule set: namespace " + DemoEnvironment.NAMESPACE + " may use " + DemoEnvironment.PROJECT + "/"
          + DemoEnvironment.PG_SERVICE + " and " + DemoEnvironment.PROJECT + "/" + DemoEnvironment.OPENSEARCH_SERVICE
          + " (any other namespace or service: NotAllowedForNamespace)");

      section("2. Apply crds/ and examples/*.yaml through the Kubernetes API (namespace " + DemoEnvironment.NAMESPACE + ")");
      env.kube.applyCrd(repo.resolve(RepoFiles.CRD));
      line("customresourcedefinition/pgauditpolicies.pgaudit.dev created");
      env.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DemoEnvironment.NAMESPACE)
          .endMetadata().build()).create();
      line("namespace/" + DemoEnvironment.NAMESPACE + " created");
      ExampleManifests examples = ExampleManifests.read(repo.resolve(RepoFiles.EXAMPLES), env.client());
      List<PgAuditPolicy> policies = examples.policies();
      long applied = System.nanoTime();
      examples.apply(env.client(), DemoEnvironment.NAMESPACE, env.token, env.avnadmin(PgAuditCluster.ADMIN_DATABASE)).forEach(this::line);

      section("3. The operator reconciles (a row each time a policy's conditions change)");
      ConvergenceWatch watch = new ConvergenceWatch(env.client(), DemoEnvironment.NAMESPACE, out);
      boolean converged = watch.await(policies.size(), CONVERGE_TIMEOUT, applied);
      List<PgAuditPolicy> live = watch.list();
      if (!converged) throw new DemoFailure("not converged within " + CONVERGE_TIMEOUT.toSeconds() + " s:\n" + notConverged(live));
      line("");
      line("converged in " + seconds(System.nanoTime() - applied) + ":");
      summary(live);

      section("4. What the operator wrote");
      StateReport.State written = StateReport.read(env);
      StateReport.print(written, out);
      checkWritten(written, live);
      out.println();
      List<PgAuditPolicy> effective = awaitEffective(env, watch);
      checkCoverage(CoverageTable.print(env, effective, out), effective);
      out.println();
      DashboardsReport.print(env, live, out);
      checkDashboards(env, live);

      section("5. An application at work: each statement on a new connection");
      List<AuditedSessions.AuditLine> audit = AuditedSessions.run(env, out);
      checkAudit(audit);

      section("6. Edit a policy: what the old spec wrote and the new one does not is released");
      new EditStep(env, out).dropLogRelation(CONVERGE_TIMEOUT);

      section("7. Delete the policies, then what is left");
      // Those that leave their work in place go first and completely: the feature flag goes off when the last
      // policy owning anything is undone, so the Orphan one must not be the last (and must be gone by then).
      long deleted = System.nanoTime();
      deleteAndAwait(env, watch, live.stream().filter(p -> isOrphan(p) || PolicyView.isDryRun(p)).toList());
      deleteAndAwait(env, watch, live.stream().filter(p -> !isOrphan(p) && !PolicyView.isDryRun(p)).toList());
      line("all finalizers done, policies gone in " + seconds(System.nanoTime() - deleted));
      out.println();
      StateReport.State left = StateReport.read(env);
      StateReport.print(left, out);
      out.println();
      DashboardsReport.print(env, List.of(), out);
      checkCleaned(left, live);
      if (!DashboardsReport.objects(env).isEmpty()) {
        throw new DemoFailure("Dashboards objects left after the policies went: " + DashboardsReport.objects(env));
      }
      out.println();
      line("feature_enabled is off, so Aiven applies none of the service settings; the others are back to Aiven's");
      line("defaults except role, which the Aiven API cannot unset. Only the Orphan policy's SQL settings remain.");
    }
    out.println();
    out.println("Demo OK in " + seconds(System.nanoTime() - startNanos) + ": every policy converged, the audit log shows the");
    out.println("application's statements, and deleting the policies undid their work (the Orphan policy's settings kept).");
  }

  private void deleteAndAwait(DemoEnvironment env, ConvergenceWatch watch, List<PgAuditPolicy> policies) {
    for (PgAuditPolicy p : policies) {
      env.client().resource(p).delete();
      line("pgauditpolicy/" + p.getMetadata().getName() + " deleted" + (isOrphan(p) ? "   (deletionPolicy: Orphan)"
          : PolicyView.isDryRun(p) ? "   (mode: DryRun)" : ""));
    }
    Set<String> names = policies.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    if (!Poll.until(CLEANUP_TIMEOUT, Duration.ofMillis(100),
        () -> watch.list().stream().noneMatch(p -> names.contains(p.getMetadata().getName())))) {
      throw new DemoFailure("policies still there " + CLEANUP_TIMEOUT.toSeconds() + " s after deletion:\n"
          + notConverged(watch.list()));
    }
  }

  private void summary(List<PgAuditPolicy> live) {
    List<List<String>> rows = new ArrayList<>();
    for (PgAuditPolicy p : live) {
      var ready = PolicyView.condition(p, "Ready").orElseThrow();
      rows.add(List.of(p.getMetadata().getName(), PolicyView.targets(p), PolicyView.logClasses(p),
          p.getSpec().getMode() + (isOrphan(p) ? ", Orphan" : ""), ready.getStatus() + " " + ready.getReason()));
    }
    TextTable.print(out, List.of("NAME", "TARGET", "LOG", "MODE", "READY"), rows);
    for (PgAuditPolicy p : live) {
      if (!PolicyView.isDryRun(p)) continue;
      out.println();
      line(p.getMetadata().getName() + " status.plan (DryRun: nothing written):");
      for (PlannedChange c : p.getStatus().getPlan()) line("  " + c);
    }
  }

  private void checkWritten(StateReport.State state, List<PgAuditPolicy> live) {
    if (!state.featureEnabled()) throw new DemoFailure("pgaudit.feature_enabled is not true on " + DemoEnvironment.PG_SERVICE);
    Set<List<String>> expected = targets(live.stream().filter(p -> !PolicyView.isDryRun(p)).toList());
    Set<List<String>> actual = new TreeSet<>(Comparator.comparing(Object::toString));
    actual.addAll(state.sqlTargets());
    if (!expected.equals(actual)) {
      throw new DemoFailure("pgaudit settings are on " + actual + ", expected exactly the Enforce policies' targets " + expected);
    }
    boolean sinks = live.stream().anyMatch(p -> p.getSpec().getSink() != null);
    if (sinks && state.integrations().isEmpty()) throw new DemoFailure("no logs integration although a policy has a sink");
  }

  /**
   * The Effective conditions settle once every policy has looked after its peers' writes (each says
   * what its coverage computed from the state now is): billing's DDL policy is shadowed for
   * reporting by billing-reporting-reads (role in database wins).
   */
  private List<PgAuditPolicy> awaitEffective(DemoEnvironment env, ConvergenceWatch watch) {
    boolean settled = Poll.until(CONVERGE_TIMEOUT, Duration.ofMillis(200), () -> CoverageTable.settled(env, watch.list()));
    if (!settled) throw new DemoFailure("the Effective conditions did not settle:\n" + watch.list().stream()
        .map(p -> "  " + p.getMetadata().getName() + ": " + CoverageTable.message(p)).collect(Collectors.joining("\n")));
    return watch.list();
  }

  private void checkCoverage(List<List<String>> table, List<PgAuditPolicy> live) {
    List<String> shadow = List.of("  billing", "reporting", "misc, read", "role \"reporting\" in database \"billing\" (billing-reporting-reads)");
    if (!table.contains(shadow)) throw new DemoFailure("the coverage table does not show reporting@billing as " + shadow);
    PgAuditPolicy billing = live.stream().filter(p -> p.getMetadata().getName().equals(BILLING_DDL)).findFirst().orElseThrow();
    if (!CoverageTable.message(billing).contains(REPORTING_IN_BILLING)) {
      throw new DemoFailure(BILLING_DDL + "'s Effective condition does not name the shadow: " + CoverageTable.message(billing));
    }
    out.println();
    line(BILLING_DDL + " Effective: " + CoverageTable.message(billing));
  }

  /** A policy with spec.sink.opensearch.dashboards on has its index pattern and saved search there. */
  private static void checkDashboards(DemoEnvironment env, List<PgAuditPolicy> live) {
    boolean wanted = live.stream().anyMatch(p -> p.getSpec().getSink() != null
        && p.getSpec().getSink().getOpensearch().dashboardsEnabled());
    List<String> objects = DashboardsReport.objects(env);
    boolean both = objects.stream().anyMatch(o -> o.startsWith("index-pattern/")) && objects.stream().anyMatch(o -> o.startsWith("search/"));
    if (wanted && !both) throw new DemoFailure("no index pattern and saved search in the Dashboards of os-demo: " + objects);
  }

  private void checkAudit(List<AuditedSessions.AuditLine> lines) {
    expectAudit(lines, "app_rw@orders", "WRITE");
    expectAudit(lines, "app_rw@orders", "READ");
    expectAudit(lines, "reporting@billing", "READ");
  }

  private static void expectAudit(List<AuditedSessions.AuditLine> lines, String session, String auditClass) {
    if (lines.stream().noneMatch(l -> l.session().equals(session) && l.auditClass().equals(auditClass))) {
      throw new DemoFailure("no " + auditClass + " AUDIT line for " + session + " in the PostgreSQL log");
    }
  }

  private void checkCleaned(StateReport.State state, List<PgAuditPolicy> deleted) {
    List<String> problems = new ArrayList<>();
    if (state.featureEnabled()) problems.add("pgaudit.feature_enabled is still true");
    if (!state.integrations().isEmpty()) problems.add(state.integrations().size() + " integration(s) left");
    Set<List<String>> expected = targets(deleted.stream().filter(p -> isOrphan(p) && !PolicyView.isDryRun(p)).toList());
    Set<List<String>> actual = new TreeSet<>(Comparator.comparing(Object::toString));
    actual.addAll(state.sqlTargets());
    if (!expected.equals(actual)) problems.add("pgaudit settings left on " + actual + ", expected only the Orphan policies' " + expected);
    if (!problems.isEmpty()) throw new DemoFailure("cleanup incomplete: " + String.join("; ", problems));
  }

  private static Set<List<String>> targets(List<PgAuditPolicy> policies) {
    Set<List<String>> targets = new TreeSet<>(Comparator.comparing(Object::toString));
    policies.forEach(p -> targets.addAll(PolicyView.sqlTargets(p)));
    return targets;
  }

  private static boolean isOrphan(PgAuditPolicy p) {
    return p.getSpec().getDeletionPolicy() == DeletionPolicy.Orphan;
  }

  private static String notConverged(List<PgAuditPolicy> policies) {
    return policies.stream().filter(p -> !PolicyView.converged(p) || p.getMetadata().getDeletionTimestamp() != null)
        .map(p -> "  " + p.getMetadata().getName() + ": " + PolicyView.readyMessage(p))
        .collect(Collectors.joining("\n"));
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }

  private void line(String text) {
    out.println(text.isEmpty() ? "" : TextTable.INDENT + text);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
