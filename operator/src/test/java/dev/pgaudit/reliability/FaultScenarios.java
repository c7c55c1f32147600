package dev.pgaudit.reliability;

import static dev.pgaudit.reliability.FaultLab.named;
import static dev.pgaudit.reliability.FaultLab.onService;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.Sink;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import dev.pgaudit.testkit.aiven.SimulatorOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The faults, one scenario each. A scenario injects its fault, makes every policy re-apply (a
 * spec change), waits until the fault has bitten (faults used up, or the affected policies
 * reporting the failure — which also proves their conditions are honest while it lasts), then
 * ends the fault and returns how many faults it injected. Convergence and invariants are checked
 * by the suite afterwards.
 */
final class FaultScenarios {
  private FaultScenarios() {}

  /** One scenario: its fault, and the edit made while the fault lasts. */
  record Scenario(String name, String fault, ScenarioEdits.Edit edit, ToIntFunction<FaultLab> run) {}

  static final String STATUS_PATH = "/pgauditpolicies/[^/]+/status";

  static List<Scenario> all() {
    return List.of(
        new Scenario("aiven-5xx-burst", "24 Aiven answers 500, 502 and 503 (any call)",
            ScenarioEdits.narrowDatabases(), lab -> {
          lab.env.aiven.faults().inject(8, Fault.status(500)).inject(8, Fault.status(502)).inject(8, Fault.status(503));
          lab.changeAll();
          lab.awaitAivenFaultsUsed();
          return 24;
        }),
        new Scenario("aiven-429", "12 Aiven 429 answers without Retry-After",
            ScenarioEdits.removeRole(), lab -> {
          lab.env.aiven.faults().inject(12, Fault.tooManyRequests());
          lab.changeAll();
          lab.awaitAivenFaultsUsed();
          return 12;
        }),
        new Scenario("aiven-429-retry-after", "6 Aiven 429 answers with Retry-After: 1",
            ScenarioEdits.databaseToRoleScope(), lab -> {
          lab.env.aiven.faults().inject(6, Fault.tooManyRequests(1));
          lab.changeAll();
          lab.awaitAivenFaultsUsed();
          return 6;
        }),
        new Scenario("aiven-hang", "5 Aiven calls hanging 2.5 s, past the 2 s read timeout (PUTs applied late)",
            ScenarioEdits.sinkRemovedButShared(), lab -> {
          lab.env.aiven.faults().inject(3, Fault.hang(Duration.ofMillis(2500)), "PUT", AivenSimulator.SERVICE_PATH)
              .inject(2, Fault.hangWithoutProcessing(Duration.ofMillis(2500)), "GET", AivenSimulator.SERVICES_PATH);
          lab.changeAll();
          lab.awaitAivenFaultsUsed();
          return 5;
        }),
        new Scenario("postgres-down", "PostgreSQL stopped while every policy re-applies, then restarted",
            ScenarioEdits.renameRoleInDatabase(), lab -> {
          lab.env.pg.stop();
          lab.changeAll();
          lab.awaitFailing(FaultLab::sqlScope, Conditions.Reason.CONNECTION_FAILED);
          lab.env.pg.start();
          return 1;
        }),
        new Scenario("operator-restart", "operator stopped while writes are in flight (slow PUTs, a POST that lands"
            + " but answers 502, a new sink and a changed sink), then started again",
            ScenarioEdits.lastSinkRemoved(), FaultScenarios::operatorRestart),
        new Scenario("kube-409", "12 status updates answered 409 Conflict by the Kubernetes API",
            ScenarioEdits.narrowDatabaseRolePairs(), lab -> {
          lab.env.kube.faults().inject(12, 409, null, STATUS_PATH);
          lab.changeAll();
          await("409s to be used up").atMost(FaultLab.FAULT_TIMEOUT).until(() -> lab.env.kube.faults().pending() == 0);
          return 12;
        }),
        new Scenario("secret-deleted", "token Secret and connection Secret deleted, then recreated",
            ScenarioEdits.adoptedSinkRemovedButShared(), lab -> {
          lab.env.client.secrets().inNamespace(lab.fleet.ns2).withName(Fleet.TOKEN_D_SECRET).delete();
          lab.env.client.secrets().inNamespace(lab.fleet.ns2).withName(Fleet.CONNECTION_SECRET).delete();
          lab.changeAll();
          lab.awaitFailing(onService(lab.fleet.service('d')).or(named("c-conn")), Conditions.Reason.SECRET_MISSING);
          lab.fleet.putTokenD();
          lab.fleet.putConnectionSecret();
          return 2;
        }),
        new Scenario("token-revoked", "the main Aiven token revoked (401), then restored",
            ScenarioEdits.serviceMoved(), lab -> {
          lab.env.aiven.revokeToken(OperatorTestEnv.TOKEN);
          lab.changeAll();
          lab.awaitFailing(onService(lab.fleet.service('d')).negate(), Conditions.Reason.INVALID_TOKEN);
          lab.env.aiven.addToken(OperatorTestEnv.TOKEN);
          return 1;
        }),
        new Scenario("service-rebuilding", "services B and C REBUILDING, then RUNNING",
            ScenarioEdits.databaseRoleToDatabaseScope(), lab -> {
          lab.env.aiven.setState(OperatorTestEnv.PROJECT, lab.fleet.service('b'), "REBUILDING");
          lab.env.aiven.setState(OperatorTestEnv.PROJECT, lab.fleet.service('c'), "REBUILDING");
          lab.changeAll();
          lab.awaitFailing(onService(lab.fleet.service('b')).or(onService(lab.fleet.service('c'))),
              Conditions.Reason.SERVICE_NOT_RUNNING);
          lab.env.aiven.setState(OperatorTestEnv.PROJECT, lab.fleet.service('b'), "RUNNING");
          lab.env.aiven.setState(OperatorTestEnv.PROJECT, lab.fleet.service('c'), "RUNNING");
          return 2;
        }),
        new Scenario("pgaudit-activation", "feature_enabled switched off in the console on service A; the operator"
            + " turns it back on and meets a 5 s activation window (pgaudit not usable from SQL)",
            ScenarioEdits.sinkMoved(),
            FaultScenarios::pgauditActivation),
        new Scenario("integration-never-active", "a new sink whose integration fails and is never active: the policy"
            + " reports SinkFailed without looping, and converges once the integration is repaired",
            ScenarioEdits.serviceToDatabaseScope(),
            FaultScenarios::integrationNeverActive));
  }

  /**
   * While the window lasts the Enforce SQL-scope policies of service A report ExtensionEnabling
   * (a passing state); afterwards every policy converges without help.
   */
  private static int pgauditActivation(FaultLab lab) {
    var aiven = lab.env.aiven;
    aiven.options().pgauditActivationDelay(Duration.ofSeconds(5));
    try {
      aiven.putUserConfigDirectly(OperatorTestEnv.PROJECT, lab.fleet.service('a'),
          Map.of("pgaudit", Map.of("feature_enabled", false)));
      lab.changeAll();
      lab.awaitFailing(onService(lab.fleet.service('a')).and(FaultLab::sqlScope)
          .and(p -> p.getSpec().getMode() != Mode.DryRun), Conditions.Reason.EXTENSION_ENABLING);
    } finally {
      aiven.options().pgauditActivationDelay(Duration.ofMillis(300));
    }
    return 1;
  }

  /**
   * The integration fails: its policy reports SinkFailed (with Aiven's errors), retrying slowly
   * (the suite checks the request bound and that the operator goes quiet, i.e. no retry loop);
   * once the integration is repaired on Aiven's side, it converges without help.
   */
  private static int integrationNeverActive(FaultLab lab) {
    var aiven = lab.env.aiven;
    aiven.options().integrationFailure(new SimulatorOptions.IntegrationFailure(
        List.of("Failed to index logs: connection refused"), "destination"));
    try {
      lab.changeAll();
      // Service C has no integration into os-audit yet, so this is a new one (not a shared link).
      lab.fleet.edit("c-db", p -> p.getSpec().setSink(new Sink(sink(OperatorTestEnv.OPENSEARCH, "audit-never", 3))));
      await("the failing integration to be created").atMost(FaultLab.FAULT_TIMEOUT).pollInterval(Duration.ofMillis(50))
          .until(() -> aiven.integrations(OperatorTestEnv.PROJECT).stream()
              .anyMatch(i -> "audit-never".equals(i.userConfig().get("elasticsearch_index_prefix"))));
    } finally {
      aiven.options().integrationFailure(null);
    }
    String id = aiven.integrations(OperatorTestEnv.PROJECT).stream()
        .filter(i -> "audit-never".equals(i.userConfig().get("elasticsearch_index_prefix"))).findFirst().orElseThrow().id();
    await("the integration to fail").atMost(FaultLab.FAULT_TIMEOUT)
        .until(() -> "failed".equals(aiven.integrationStatus(OperatorTestEnv.PROJECT, id)));
    lab.awaitFailing(named("c-db"), Conditions.Reason.SINK_FAILED);
    aiven.recoverIntegration(OperatorTestEnv.PROJECT, id);
    return 1;
  }

  /**
   * Spec changes that need a new integration (d-db gets a sink) and an integration update (c-svc's
   * days), slow PUTs so that the stop finds writes in flight, and a create that lands but is
   * answered 502; the operator is stopped as soon as the first writes arrive.
   */
  private static int operatorRestart(FaultLab lab) {
    var aiven = lab.env.aiven;
    aiven.faults().inject(4, Fault.hang(Duration.ofMillis(1500)), "PUT", AivenSimulator.SERVICE_PATH)
        .inject(1, Fault.failAfterProcessing(502), "POST", AivenSimulator.INTEGRATIONS_PATH);
    int writesBefore = writes(aiven);
    lab.changeAll();
    lab.fleet.edit("d-db", p -> p.getSpec().setSink(new Sink(sink("os-audit", "audit-d", 2))));
    lab.fleet.edit("c-svc", p -> p.getSpec().getSink().getOpensearch().setIndexDaysMax(6));
    await("writes to be in flight").atMost(FaultLab.FAULT_TIMEOUT).pollInterval(Duration.ofMillis(10))
        .until(() -> writes(aiven) >= writesBefore + 2);
    lab.env.stopOperator();
    lab.env.startOperator();
    return 1 + 4 + 1;
  }

  private static int writes(AivenSimulator aiven) {
    return (int) aiven.requests().entries().stream().filter(e -> !"GET".equals(e.method())).count();
  }

  private static OpenSearchSink sink(String service, String prefix, int days) {
    OpenSearchSink sink = new OpenSearchSink();
    sink.setServiceName(service);
    sink.setIndexPrefix(prefix);
    sink.setIndexDaysMax(days);
    return sink;
  }
}
