package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler;
import dev.pgaudit.testkit.kube.ApiServerRules;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A policy object so close to etcd's limit that its status no longer fits: the API refuses the
 * status write (500 "etcdserver: request is too large"), and the operator says so in a WARN line
 * naming the policy and counts it in pgaudit_status_write_failures_total{reason="too_large"}.
 */
class StatusWriteRefusalTest {
  private final Logger reconcilerLog = (Logger) LoggerFactory.getLogger(PgAuditPolicyReconciler.class);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private MockKubernetes kube;
  private OperatorRuntime runtime;

  @BeforeEach
  void start() {
    captured.start();
    reconcilerLog.addAppender(captured);
    kube = MockKubernetes.start();
    runtime = OperatorRuntime.create(TestRuntimes.config("pod-a", false), kube.newClientWithoutRetries(),
        TestRuntimes.forMockServer(() -> {}));
  }

  @AfterEach
  void stop() {
    runtime.close();
    kube.close();
    reconcilerLog.detachAppender(captured);
  }

  @Test
  void aRefusedStatusWriteIsLoggedAndCounted() throws Exception {
    policyFilledTo(ApiServerRules.ETCD_MAX_REQUEST_BYTES - 400);
    runtime.start();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        PromText.sum(scrape(), "pgaudit_status_write_failures_total", Map.of("reason", "too_large")))
        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1)));

    List<String> warnings = captured.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).contains("team-a/big status write for generation 1 refused by the API server (too_large:"
        + " HTTP 500 etcdserver: request is too large); the stored status stays as it was");
    PgAuditPolicy stored = kube.policy("team-a", "big");
    // Nothing of the refused status was stored (the mock keeps "status": null after the finalizer patch).
    assertThat(stored.getStatus() == null ? List.of() : stored.getStatus().getConditions()).isEmpty();
    assertThat(stored.getMetadata().getFinalizers()).containsExactly(PgAuditPolicyReconciler.FINALIZER);
  }

  private String scrape() {
    return Http.get(runtime.httpPort(), "/metrics").body();
  }

  /** A policy whose stored JSON is {@code bytes} long (an annotation fills it): its finalizer fits, its status does not. */
  private void policyFilledTo(int bytes) {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("big")
        .addToAnnotations("filler", "").build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg-big"));
    spec.setScope(new Scope(ScopeLevel.Service, null, null));
    spec.setLog(List.of(AuditClass.DDL));
    p.setSpec(spec);
    PgAuditPolicy created = kube.client().resource(p).create();
    created = kube.client().resource(created).updateStatus(); // see MockKubernetes.createPolicy
    int size = Serialization.asJson(created).getBytes(StandardCharsets.UTF_8).length;
    created.getMetadata().getAnnotations().put("filler", "x".repeat(bytes - size));
    kube.client().resource(created).update();
  }
}
