package dev.pgaudit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.operator.reconcile.PolicyBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reliability suite: a fleet of policies kept converged through a series of faults, then a
 * corpus of invalid and hostile specs. Its own measurements become docs/reliability.md, which is
 * rewritten only when the whole suite passed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilitySuiteTest {
  private static final StatementRecorder statements = new StatementRecorder();
  private static OperatorTestEnv env;
  private static LogCapture logs;
  private static ReliabilityReport report;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    // With a default token and a rule set: the corpus's tenancy cases reach for another team's services.
    env = OperatorTestEnv.start(Duration.ofMinutes(5), statements, TenancyCorpus.RULES);
    report = new ReliabilityReport();
    report.postgres(env.pg.majorVersion());
  }

  @AfterAll
  static void stop() {
    try {
      if (env != null) env.close();
    } finally {
      if (logs != null) logs.close();
    }
    if (report.complete()) report.write();
  }

  /** The tokens and the PostgreSQL password the operator holds; none may appear in a log line or Event. */
  private static SecretScan secrets() {
    return new SecretScan(List.of(OperatorTestEnv.TOKEN, Fleet.TOKEN_D, env.pg.avnadminParams().password(),
        HostileCorpus.BAD_SECRET_PASSWORD));
  }

  @Test
  @Order(1)
  void everyPolicyReconvergesAfterEveryFaultAndTheInvariantsHold() {
    Fleet fleet = new Fleet(env);
    RealState real = new RealState(env);
    Invariants invariants = new Invariants(env, fleet, real, secrets());
    FaultSuite suite = new FaultSuite(env, fleet, invariants, logs, statements);
    long started = System.nanoTime();
    Duration setUp = suite.setUp();
    List<FaultSuite.Result> results = new java.util.ArrayList<>(suite.runAll());
    results.add(suite.deleteAll());
    Duration total = Duration.ofNanos(System.nanoTime() - started);
    results.forEach(r -> System.out.println("[reliability] " + r));

    assertThat(results).allSatisfy(r -> {
      assertThat(r.violations()).as(r.name()).isEmpty();
      assertThat(r.converged()).as(r.name()).isEqualTo(r.policies());
      assertThat(r.left().total()).as(r.name() + ": left behind").isZero();
    });
    assertThat(fleet.members).hasSizeGreaterThanOrEqualTo(20);
    assertThat(fleet.services).hasSizeGreaterThanOrEqualTo(4);
    report.faults(results, fleet.members.size(), fleet.services.size(), setUp, total);
  }

  @Test
  @Order(2)
  void badInputIsRefusedOrEndsWithAClearConditionAndOnlyIntendedSql() {
    BadInputSuite.Summary summary = new BadInputSuite(env, statements, logs, secrets()).run();
    summary.problems().forEach(p -> System.out.println("[bad-input] " + p));

    assertThat(summary.problems()).isEmpty();
    assertThat(summary.handled()).hasSizeGreaterThanOrEqualTo(200);
    assertThat(summary.rejected()).isGreaterThan(100);
    assertThat(summary.handled().size() - summary.rejected()).isGreaterThan(100);
    report.badInputs(summary);
  }

  /**
   * The mock API server does not validate: it stores what a real one refuses (no spec, no
   * service). The operator must report those, keep its informers working and let them go.
   */
  @Test
  @Order(3)
  void aPolicyTheApiServerShouldHaveRefusedGetsInvalidSpecAndBreaksNothing() {
    String ns = env.namespace();
    String service = env.pgService();
    PgAuditPolicy noSpec = new PgAuditPolicy();
    noSpec.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName("no-spec").build());
    PgAuditPolicy noService = PolicyBuilder.policy(ns, "no-service", service).serviceScope().log(AuditClass.DDL).build();
    noService.getSpec().setService(null);
    env.create(noSpec);
    env.create(noService);
    env.create(PolicyBuilder.policy(ns, "valid", service).serviceScope().log(AuditClass.DDL).build());

    assertThat(env.awaitCondition(ns, "no-spec", Conditions.READY, "False", Conditions.Reason.INVALID_SPEC).getMessage())
        .contains("no spec");
    assertThat(env.awaitCondition(ns, "no-service", Conditions.READY, "False", Conditions.Reason.INVALID_SPEC).getMessage())
        .contains("spec.service");
    env.awaitReady(ns, "valid");
    env.delete(ns, "no-spec");
    env.delete(ns, "no-service");
    env.awaitGone(ns, "no-spec");
    env.awaitGone(ns, "no-service");
    env.edit(ns, "valid", p -> p.getSpec().setLog(List.of(AuditClass.DDL, AuditClass.ROLE)));
    env.awaitReady(ns, "valid");
    env.delete(ns, "valid");
    env.awaitGone(ns, "valid");
  }
}
