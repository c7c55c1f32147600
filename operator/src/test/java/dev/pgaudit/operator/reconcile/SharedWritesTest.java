package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.testkit.aiven.AivenSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What policies on one service share beyond one observation: a writer keeps what it did not read
 * in the shared observation, and a service PUT carries only the service keys of peers with the same
 * token (the same-token case, one PUT per service, is covered by PlannerTest and the benchmark).
 */
class SharedWritesTest {
  /** Longer than the test can take on a loaded machine: an expired observation would be read again. */
  static final Duration WINDOW = Duration.ofMinutes(10);
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5), WINDOW);

  @BeforeAll
  static void start() {
    // Counts reads exactly: no pgaudit activation window, whose failed SQL writes drop the shared
    // observation, so that a peer re-reads only its own part (ExtensionEnablingTest covers the window).
    env.aiven.options().pgauditActivationDelay(Duration.ZERO);
  }

  @Test
  void anSqlWriteKeepsTheIntegrationsInTheSharedObservation() {
    String ns = env.namespace();
    String service = env.pgService();
    String db = env.database("orders");
    env.create(policy(ns, "svc", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.create(policy(ns, "db", service).databases(db).log(READ).build());
    env.awaitReady(ns, "svc");
    env.awaitReady(ns, "db");
    env.aiven.requests().reset();

    // The database policy reads and writes only SQL; the sink policy (re-triggered as its peer,
    // then changed itself) must still find the integrations it needs in the shared observation.
    env.edit(ns, "db", p -> p.getSpec().setLog(List.of(READ, WRITE)));
    env.awaitReady(ns, "db");
    env.edit(ns, "svc", p -> p.getSpec().getSink().getOpensearch().setIndexDaysMax(7));
    env.awaitReady(ns, "svc");

    // Only this service's requests: the other test's policy (an invalid token, answered 401) keeps retrying.
    var requests = env.aiven.requests().entries().stream().filter(e -> e.status() != 401)
        .filter(e -> !e.path().contains("/service/") || (e.path() + "/").contains("/service/" + service + "/")).toList();
    var calls = requests.stream().map(e -> e.method() + " " + e.pathTemplate()).toList();
    assertThat(calls).as(requests.toString()).startsWith("PUT " + AivenSimulator.INTEGRATION_PATH);
    // An update restarts the integration (inactive): only then is the project read again, until Aiven
    // reports it active (once when the re-check comes after the activation; a reconcile the peer's
    // write triggered may come sooner: SinkRequestsTest counts it exactly); its destination is in the reading.
    assertThat(calls.subList(1, calls.size())).as(requests.toString()).isNotEmpty()
        .allMatch(("GET " + AivenSimulator.SERVICES_PATH)::equals);
    assertThat(env.stored(db, null)).containsEntry("pgaudit.log", "read, write");
  }

  @Test
  void aServicePutNeverCarriesTheKeysOfAPeerWithAnotherToken() {
    String ns = env.namespace();
    String service = env.pgService();
    String db = env.database("billing");
    // A token the API does not know: the Service-scope policy can never write anything itself.
    env.putSecret(ns, "other-token", Map.of("token", "not-a-valid-aiven-token"));
    env.create(policy(ns, "svc", service).serviceScope().log(AuditClass.ROLE).token("other-token", "token").build());
    env.create(policy(ns, "db", service).databases(db).log(READ).build());

    env.awaitReady(ns, "db");
    env.awaitCondition(ns, "svc", Conditions.READY, "False", Conditions.Reason.INVALID_TOKEN);

    // The database policy turned the feature on, and wrote nothing with its token for the other policy.
    @SuppressWarnings("unchecked")
    Map<String, Object> pgaudit = (Map<String, Object>) env.aiven.userConfig(OperatorTestEnv.PROJECT, service).get("pgaudit");
    assertThat(pgaudit).isEqualTo(Map.of("feature_enabled", true));
  }
}
