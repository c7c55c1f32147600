package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import dev.pgaudit.operator.reconcile.RetryDelays;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.Fault;
import dev.pgaudit.testkit.aiven.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a sink costs in Aiven requests, exactly: its destination is looked up in the project's shared
 * reading (no GET of its own), a starting integration is re-checked through one re-read of the
 * project that every waiting policy shares, and a change costs its one write (plus, for an
 * integration update, which restarts it, the re-read that sees it active again).
 */
class SinkRequestsTest {
  /**
   * Readings shared for 10 minutes (longer than the test); a minute's fast retry, so a starting
   * integration's re-read may be up to 2 s old ({@code SinkState.STARTING_RETRY}).
   */
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly(s -> new ReconcilerSettings(s.aiven(), s.defaultToken(),
      s.defaultTokenSource(), new RetryDelays(Duration.ofMinutes(1), s.delays().slow()), s.maxCleanupAttempts(),
      Duration.ofMinutes(10), s.statusWrites(), s.recordNamespace(), s.coverage(), s.tenancy()));

  static final String LIST = "GET " + AivenSimulator.SERVICES_PATH;
  /** SinkState.STARTING_RETRY, below the fast retry set here: how old a shared re-read may be. */
  static final Duration RECHECK_INTERVAL = Duration.ofSeconds(2);

  @AfterEach
  void defaults() {
    fx.aiven.options().integrationActivationDelay(Duration.ofMillis(300));
  }

  /** Integrations stay starting until {@link #activate()}: the simulator works their status out at each read. */
  private static void holdStarting() {
    fx.aiven.options().integrationActivationDelay(Duration.ofHours(1));
  }

  private static void activate() {
    fx.aiven.options().integrationActivationDelay(Duration.ZERO);
  }

  /** The requests since the last call, as "METHOD template", and forgets them. */
  private static List<String> requests() {
    List<String> calls = fx.aiven.requests().entries().stream().map(RequestLog.Entry::key).toList();
    fx.aiven.requests().reset();
    return calls;
  }

  private static String reason(PgAuditPolicy p, String type) {
    return condition(p, type).getReason();
  }

  @Test
  void aSinkCostsItsWritesAndOneRereadPerStartAndNoDestinationRead() {
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addOpenSearchService(PROJECT, os);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
    holdStarting();
    requests();

    // New service, so one list of the project (it also shows the destination running); then the writes.
    fx.reconcile(p);
    assertThat(requests()).containsExactly(LIST, "PUT " + AivenSimulator.SERVICE_PATH, "POST " + AivenSimulator.INTEGRATIONS_PATH);
    assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.SINK_STARTING);

    // The re-check: one re-read of the project, sent after the POST.
    activate();
    fx.reconcile(p);
    assertThat(requests()).containsExactly(LIST);
    assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);

    // A Service-scope change: its PUT and nothing else.
    p.getSpec().setLog(new ArrayList<>(List.of(DDL, ROLE)));
    fx.reconcile(p);
    assertThat(requests()).containsExactly("PUT " + AivenSimulator.SERVICE_PATH);
    assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);

    // A sink change: its PUT, which restarts the integration (starting, not in force yet, and its
    // destination is running in the reading: no read); then the one re-read that sees it active.
    holdStarting();
    p.getSpec().getSink().getOpensearch().setIndexDaysMax(7);
    fx.reconcile(p);
    assertThat(requests()).containsExactly("PUT " + AivenSimulator.INTEGRATION_PATH);
    assertThat(reason(p, Conditions.SINK_INTEGRATED)).isEqualTo(Conditions.Reason.SINK_STARTING);
    activate();
    fx.reconcile(p);
    assertThat(requests()).containsExactly(LIST);
    assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);

    // At rest: nothing.
    fx.reconcile(p);
    assertThat(requests()).isEmpty();
  }

  @Test
  void aDestinationInAnotherProjectIsOneListOfThatProjectForAllItsSinks() {
    String logs = ReconcilerFixture.unique("logs").replace('_', '-');
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addProject(logs);
    fx.aiven.addOpenSearchService(logs, os);
    activate();
    PgAuditPolicy first = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(logs, os, "audit").build());
    PgAuditPolicy second = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(logs, os, "audit").build());
    fx.aiven.requests().reset();

    fx.reconcile(first);
    assertThat(fx.aiven.requests().entries()).extracting(e -> e.method() + " " + e.path().substring(e.path().indexOf("/project/")))
        .containsExactly("GET /project/" + PROJECT + "/service",
            "PUT /project/" + PROJECT + "/service/" + first.getSpec().getService().getServiceName(),
            "GET /project/" + logs + "/service", "POST /project/" + PROJECT + "/integration");
    assertThat(reason(first, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);
    fx.aiven.requests().reset();

    // The first reading already showed the second source service; the destination's reading serves again.
    fx.reconcile(second);
    assertThat(requests()).containsExactly("PUT " + AivenSimulator.SERVICE_PATH, "POST " + AivenSimulator.INTEGRATIONS_PATH);
    assertThat(reason(second, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);
  }

  @Test
  void startingIntegrationsOfAProjectAreRecheckedThroughOneSharedReread() throws Exception {
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addOpenSearchService(PROJECT, os);
    holdStarting();
    List<PgAuditPolicy> policies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PgAuditPolicy p = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
      fx.reconcile(p);
      assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.SINK_STARTING);
      policies.add(p);
    }
    activate();
    // Their re-checks come one re-check interval (2 s) later, when the readings that showed them
    // starting are older than the interval (a reading within it is shared news: no request).
    Thread.sleep(RECHECK_INTERVAL.plusMillis(100).toMillis());
    // The re-read answers slowly, so that every waiting policy asks while it is on its way.
    fx.aiven.faults().inject(1, Fault.hang(Duration.ofMillis(700)), "GET", AivenSimulator.SERVICES_PATH);
    requests();
    ExecutorService pool = Executors.newFixedThreadPool(policies.size());
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (PgAuditPolicy p : policies) runs.add(pool.submit(() -> fx.reconcile(p)));
      for (Future<?> run : runs) run.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(requests()).containsExactly(LIST);
    for (PgAuditPolicy p : policies) assertThat(reason(p, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);
  }

  @Test
  void aDestinationStoppedSinceTheReadingIsFoundByANewOneWhenAivenRefusesTheCreate() {
    String os = ReconcilerFixture.unique("os");
    fx.aiven.addOpenSearchService(PROJECT, os);
    activate();
    PgAuditPolicy first = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
    PgAuditPolicy second = fx.put(policy(fx.namespace(), "p", fx.pgService()).serviceScope().log(DDL).sink(os, "audit", 3).build());
    fx.reconcile(first);
    assertThat(reason(first, Conditions.READY)).isEqualTo(Conditions.Reason.RECONCILED);

    // The shared reading still shows it running: the POST goes out, Aiven refuses it (409, powered
    // off), no integration of that pair exists to adopt, and a new reading tells the reason.
    fx.aiven.setState(PROJECT, os, "POWEROFF");
    requests();
    fx.reconcile(second);
    assertThat(requests()).containsExactly("PUT " + AivenSimulator.SERVICE_PATH, "POST " + AivenSimulator.INTEGRATIONS_PATH,
        "GET " + AivenSimulator.SERVICE_INTEGRATIONS_PATH, LIST);
    assertThat(ReconcilerFixture.statusReasonMessage(second, Conditions.READY)).containsExactly("False",
        Conditions.Reason.SINK_DESTINATION_NOT_RUNNING,
        "the sink's OpenSearch service " + PROJECT + "/" + os + " is POWEROFF; no integration is created until it is RUNNING");
  }
}
