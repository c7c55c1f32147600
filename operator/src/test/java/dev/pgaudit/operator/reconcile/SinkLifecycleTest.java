package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import dev.pgaudit.testkit.aiven.RequestLog;
import dev.pgaudit.testkit.aiven.SimulatorOptions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SinkIntegrated means logs flow (reference §7.4): an integration starts inactive and may fail,
 * and one to a destination that is missing or not running is never posted.
 */
class SinkLifecycleTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @AfterEach
  void defaults() {
    env.aiven.options().integrationActivationDelay(Duration.ofMillis(300)).integrationFailure(null);
  }

  /** The POSTs that create integrations from {@code service}. */
  private static long postsFrom(String service) {
    return env.aiven.integrations(OperatorTestEnv.PROJECT).stream().filter(i -> service.equals(i.sourceService())).count();
  }

  /** A new OpenSearch service of this test's own. */
  private static String openSearch(String ns) {
    String os = "os-" + ns;
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, os);
    return os;
  }

  private static RequestLog requests() {
    return env.aiven.requests();
  }

  @Test
  void aStartingIntegrationIsSinkStartingUntilAivenReportsItActive() {
    env.aiven.options().integrationActivationDelay(Duration.ofSeconds(4));
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "audit", 7).build());

    Condition sink = env.awaitCondition(ns, "p", Conditions.SINK_INTEGRATED, "False", Conditions.Reason.SINK_STARTING);
    assertThat(sink.getMessage()).isEqualTo("the logs integration to " + OperatorTestEnv.PROJECT + "/"
        + OperatorTestEnv.OPENSEARCH + " is not active yet (status starting); checked again within seconds");
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SINK_STARTING);
    env.awaitCondition(ns, "p", Conditions.SERVICE_CONFIGURED, "True", Conditions.Reason.RECONCILED);

    // No event arrives when Aiven activates it: the operator's own re-check finds it.
    env.awaitReady(ns, "p");
    env.awaitCondition(ns, "p", Conditions.SINK_INTEGRATED, "True", Conditions.Reason.RECONCILED);
    assertThat(postsFrom(service)).isEqualTo(1);
    String id = env.get(ns, "p").getStatus().getIntegrationId();
    assertThat(env.aiven.integrationStatus(OperatorTestEnv.PROJECT, id)).isEqualTo("running");
  }

  @Test
  void aFailedIntegrationIsSinkFailedWithAivensErrorsAndLikelyCause() {
    env.aiven.options().integrationFailure(
        new SimulatorOptions.IntegrationFailure(List.of("Connection refused by os-audit"), "destination"));
    String ns = env.namespace();
    String service = env.pgService();
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "audit", 7).build());

    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SINK_FAILED);
    assertThat(ready.getMessage()).isEqualTo("the logs integration to " + OperatorTestEnv.PROJECT + "/"
        + OperatorTestEnv.OPENSEARCH + " has failed: Connection refused by os-audit; likely cause: destination;"
        + " audit logs do not reach OpenSearch");
    assertThat(postsFrom(service)).isEqualTo(1);
  }

  @Test
  void aMissingDestinationHasItsOwnReasonAndNothingIsPosted() {
    String ns = env.namespace();
    String service = env.pgService();
    int postsBefore = requests().count("POST", AivenSimulator.INTEGRATIONS_PATH);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink("os-nowhere", "audit", 7).build());

    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SINK_DESTINATION_NOT_FOUND);
    assertThat(ready.getMessage()).isEqualTo("the sink's OpenSearch service " + OperatorTestEnv.PROJECT
        + "/os-nowhere does not exist; no integration was created");
    env.awaitCondition(ns, "p", Conditions.SERVICE_CONFIGURED, "True", Conditions.Reason.RECONCILED);
    assertThat(requests().count("POST", AivenSimulator.INTEGRATIONS_PATH)).isEqualTo(postsBefore);
    assertThat(postsFrom(service)).isZero();
  }

  @Test
  void aPoweredOffDestinationIsNotPostedToUntilItRuns() {
    String ns = env.namespace();
    String service = env.pgService();
    String os = openSearch(ns);
    env.aiven.setState(OperatorTestEnv.PROJECT, os, "POWEROFF");
    int postsBefore = requests().count("POST", AivenSimulator.INTEGRATIONS_PATH);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(os, "audit", 7).build());

    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SINK_DESTINATION_NOT_RUNNING);
    assertThat(ready.getMessage()).isEqualTo("the sink's OpenSearch service " + OperatorTestEnv.PROJECT + "/" + os
        + " is POWEROFF; no integration is created until it is RUNNING");
    assertThat(requests().count("POST", AivenSimulator.INTEGRATIONS_PATH)).isEqualTo(postsBefore);

    env.aiven.setState(OperatorTestEnv.PROJECT, os, "RUNNING");
    env.awaitReady(ns, "p");
    assertThat(postsFrom(service)).isEqualTo(1);
  }

  @Test
  void anIntegrationWhoseDestinationStopsIsReportedByTheDestinationsState() {
    String ns = env.namespace();
    String service = env.pgService();
    String os = openSearch(ns);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(os, "audit", 7).build());
    env.awaitReady(ns, "p");

    // The destination goes REBUILDING: Aiven shows the integration inactive; the next look says why.
    env.aiven.setState(OperatorTestEnv.PROJECT, os, "REBUILDING");
    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setIndexDaysMax(8));
    Condition ready = env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.SINK_DESTINATION_NOT_RUNNING);
    assertThat(ready.getMessage()).isEqualTo("the sink's OpenSearch service " + OperatorTestEnv.PROJECT + "/" + os
        + " is REBUILDING; the integration waits, inactive, until it runs");

    env.aiven.setState(OperatorTestEnv.PROJECT, os, "RUNNING");
    env.awaitReady(ns, "p");
    assertThat(postsFrom(service)).isEqualTo(1);
  }
}
