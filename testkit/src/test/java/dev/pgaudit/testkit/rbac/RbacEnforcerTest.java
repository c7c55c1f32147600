package dev.pgaudit.testkit.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enforcer in front of Fabric8's mock server, seen from a Fabric8 client as from kube-apiserver. */
class RbacEnforcerTest {
  private static final Identity SA = Identity.serviceAccount("ops", "op");
  private RbacEnforcer enforcer;
  private KubernetesMockServer server;
  private KubernetesClient admin;
  private KubernetesClient operator;

  @BeforeEach
  void start() {
    enforcer = new RbacEnforcer(Rbac.of(List.of(
        new RoleBuilder().withNewMetadata().withName("cm").withNamespace("a").endMetadata()
            .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps").withVerbs("get", "list").build())
            .build(),
        new RoleBindingBuilder().withNewMetadata().withName("cm").withNamespace("a").endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "cm")
            .addNewSubject().withKind("ServiceAccount").withName("op").withNamespace("ops").endSubject().build())));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse answer = enforcer.intercept(request);
        return answer != null ? answer : super.dispatch(request);
      }
    }, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    admin = server.createClient();
    String token = enforcer.tokenFor(SA);
    operator = server.createClient(b -> b.editOrNewConfig().withOauthToken(token).endConfig());
    admin.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build()).create();
  }

  @AfterEach
  void stop() {
    operator.close();
    admin.close();
    server.destroy();
  }

  @Test
  void allowedRequestsAreServedAndRefusedOnesAnswer403LikeKubeApiserver() {
    assertThat(operator.configMaps().inNamespace("a").withName("x").get()).isNotNull();
    assertThat(operator.configMaps().inNamespace("a").list().getItems()).hasSize(1);

    assertThatThrownBy(() -> operator.configMaps().inNamespace("a").withName("x").edit(c -> {
      c.getMetadata().getLabels().put("k", "v");
      return c;
    })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
      assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"x\" is forbidden: User \"system:serviceaccount:ops:op\""
          + " cannot patch resource \"configmaps\" in API group \"\" in the namespace \"a\"");
    });
    assertThatThrownBy(() -> operator.configMaps().inAnyNamespace().list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

    assertThat(enforcer.refusals()).extracting(r -> r.request().verb() + " " + r.request().namespace())
        .containsExactly("patch a", "list ");
    assertThatThrownBy(enforcer::assertNoRefusals).hasMessageContaining("2 request(s) the RBAC rules refuse")
        .hasMessageContaining("cannot list resource \"configmaps\" in API group \"\" at the cluster scope");
    // get, and the get edit() reads before its refused patch
    assertThat(enforcer.allowedCount(SA, r -> r.verb().equals("get") && r.resource().equals("configmaps"))).isEqualTo(2);
    assertThat(enforcer.allowedCount(SA, r -> r.verb().equals("list"))).isEqualTo(1);
  }

  @Test
  void theAdminClientIsNotCheckedAndAnUnknownTokenIsUnauthorized() {
    assertThat(admin.configMaps().inAnyNamespace().list().getItems()).hasSize(1);
    assertThat(enforcer.refusals()).isEmpty();

    try (KubernetesClient stranger = server.createClient(b -> b.editOrNewConfig().withOauthToken("forged").endConfig())) {
      assertThatThrownBy(() -> stranger.configMaps().inNamespace("a").list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
  }

  @Test
  void reviewsAnswerFromTheSameRules() {
    var rules = operator.authorization().v1().selfSubjectRulesReview().create(new SelfSubjectRulesReviewBuilder()
        .withNewSpec().withNamespace("a").endSpec().build()).getStatus().getResourceRules();
    assertThat(rules).extracting(ResourceRule::getResources).contains(List.of("configmaps"));
    assertThat(rules.stream().filter(r -> r.getResources().contains("configmaps")).findFirst().orElseThrow().getVerbs())
        .containsExactly("get", "list");

    var inB = operator.authorization().v1().selfSubjectRulesReview().create(new SelfSubjectRulesReviewBuilder()
        .withNewSpec().withNamespace("b").endSpec().build()).getStatus().getResourceRules();
    assertThat(inB).noneMatch(r -> r.getResources().contains("configmaps"));

    assertThat(operator.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
        .withNewSpec().withNewResourceAttributes().withNamespace("a").withVerb("list").withResource("configmaps")
        .endResourceAttributes().endSpec().build()).getStatus().getAllowed()).isTrue();
    assertThat(operator.authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
        .withNewSpec().withNewResourceAttributes().withNamespace("a").withVerb("delete").withResource("configmaps")
        .endResourceAttributes().endSpec().build()).getStatus().getAllowed()).isFalse();
    assertThat(enforcer.refusals()).isEmpty();
  }
}
