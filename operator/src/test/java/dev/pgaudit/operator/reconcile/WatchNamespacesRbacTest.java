package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator under the chart's watchNamespaces RBAC (a Role in each listed namespace, nothing
 * cluster-wide): a policy's whole life (token Secret read, finalizer, status, events, edit, cleanup)
 * with no request the rendered Roles refuse; env.close() fails on any refusal.
 */
class WatchNamespacesRbacTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.startWatching(Duration.ofMinutes(5), "team-a", "team-b");

  @Test
  void aPolicyLivesAndDiesInAWatchedNamespaceWithTheNamespacedRbacOnly() {
    String ns = env.namespace();
    String service = env.pgService();
    String db = env.database("watched");
    env.create(policy(ns, "p", service).databases(db).log(READ).build());
    env.awaitReady(ns, "p");
    assertThat(env.stored(db, null)).isEqualTo(Map.of("pgaudit.log", "read"));
    assertThat(env.events(ns, "p")).extracting(e -> e.getReason()).contains(Conditions.EventReason.APPLIED);

    env.edit(ns, "p", p -> p.getSpec().setLog(List.of(DDL)));
    env.awaitReady(ns, "p");
    assertThat(env.stored(db, null)).isEqualTo(Map.of("pgaudit.log", "ddl"));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(env.stored(db, null)).isEmpty();

    env.rbac.assertNoRefusals();
    var operator = env.chart.serviceAccount();
    // Everything it read and wrote was in the watched namespaces: nothing at the cluster scope but the
    // reviews every identity may send.
    assertThat(env.rbac.allowedCount(operator, r -> r.resourceRequest() && r.namespace().isEmpty()
        && !r.apiGroup().equals("authorization.k8s.io"))).isZero();
    assertThat(env.rbac.allowedCount(operator, r -> r.resource().equals("pgauditpolicies")
        && r.verb().equals("watch") && r.namespace().equals(ns))).isPositive();
    assertThat(env.rbac.allowedCount(operator, r -> r.combinedResource().equals("pgauditpolicies/status")
        && r.namespace().equals(ns))).isPositive();
  }

  @Test
  void aPolicyOutsideTheWatchedNamespacesIsLeftAloneAndNothingIsRefused() {
    String outside = "not-watched";
    env.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(outside).endMetadata().build())
        .create();
    env.putSecret(outside, OperatorTestEnv.TOKEN_SECRET, Map.of("token", OperatorTestEnv.TOKEN));
    String service = env.pgService();
    env.create(policy(outside, "p", service).serviceScope().log(DDL).build());

    // Held for a while, not sampled once: the operator must never touch it.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
      var p = env.get(outside, "p");
      return p.getMetadata().getFinalizers().isEmpty() && p.getStatus() == null;
    });
    env.rbac.assertNoRefusals();
  }
}
