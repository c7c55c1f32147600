package dev.pgaudit.testkit.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP method + path to RBAC attributes, as kube-apiserver's RequestInfoFactory resolves them. */
class ApiRequestTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // method | path                                                                     | verb   | group               | resource                  | ns        | name
      "GET    | /apis/pgaudit.dev/v1alpha1/pgauditpolicies                                | list   | pgaudit.dev         | pgauditpolicies           | ''        | ''",
      "GET    | /apis/pgaudit.dev/v1alpha1/pgauditpolicies?watch=true&resourceVersion=5    | watch  | pgaudit.dev         | pgauditpolicies           | ''        | ''",
      "GET    | /apis/pgaudit.dev/v1alpha1/pgauditpolicies?watch=false                     | list   | pgaudit.dev         | pgauditpolicies           | ''        | ''",
      "GET    | /apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies?watch=1            | watch  | pgaudit.dev         | pgauditpolicies           | a         | ''",
      "GET    | /apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies/p                  | get    | pgaudit.dev         | pgauditpolicies           | a         | p",
      "PUT    | /apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies/p/status           | update | pgaudit.dev         | pgauditpolicies/status    | a         | p",
      "PATCH  | /apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies/p/status           | patch  | pgaudit.dev         | pgauditpolicies/status    | a         | p",
      "PUT    | /apis/pgaudit.dev/v1alpha1/namespaces/a/pgauditpolicies/p/finalizers       | update | pgaudit.dev         | pgauditpolicies/finalizers| a         | p",
      "PATCH  | /apis/coordination.k8s.io/v1/namespaces/ns/leases/leader                   | patch  | coordination.k8s.io | leases                    | ns        | leader",
      "POST   | /apis/coordination.k8s.io/v1/namespaces/ns/leases                          | create | coordination.k8s.io | leases                    | ns        | ''",
      "GET    | /api/v1/namespaces/a/secrets?fieldSelector=metadata.name%3Dtoken&watch=true | watch  | ''                  | secrets                   | a         | token",
      "GET    | /api/v1/namespaces/a/secrets?fieldSelector=metadata.name%3D%3Dtoken        | list   | ''                  | secrets                   | a         | token",
      "GET    | /api/v1/secrets?labelSelector=x%3Dy                                         | list   | ''                  | secrets                   | ''        | ''",
      "POST   | /api/v1/namespaces/a/events                                                 | create | ''                  | events                    | a         | ''",
      "DELETE | /api/v1/namespaces/a/events                                                 | deletecollection | ''        | events                    | a         | ''",
      "DELETE | /api/v1/namespaces/a/events/e1                                              | delete | ''                  | events                    | a         | e1",
      "GET    | /api/v1/namespaces/a                                                        | get    | ''                  | namespaces                | a         | a",
      "PUT    | /api/v1/namespaces/a/finalize                                               | update | ''                  | namespaces/finalize       | a         | a",
      "GET    | /api/v1/namespaces                                                          | list   | ''                  | namespaces                | ''        | ''",
      "GET    | /api/v1/watch/namespaces/a/secrets                                          | watch  | ''                  | secrets                   | a         | ''",
      "POST   | /apis/authorization.k8s.io/v1/selfsubjectrulesreviews                       | create | authorization.k8s.io| selfsubjectrulesreviews   | ''        | ''",
  })
  void resourceRequests(String method, String path, String verb, String group, String resource, String ns, String name) {
    ApiRequest request = ApiRequest.of(method.trim(), path.trim());

    assertThat(request.resourceRequest()).isTrue();
    assertThat(request.verb()).isEqualTo(verb.trim());
    assertThat(request.apiGroup()).isEqualTo(group.trim());
    assertThat(request.combinedResource()).isEqualTo(resource.trim());
    assertThat(request.namespace()).isEqualTo(ns.trim());
    assertThat(request.name()).isEqualTo(name.trim());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GET | /version | get", "GET | /apis | get", "GET | /apis/pgaudit.dev | get",
      "GET | /apis/pgaudit.dev/v1alpha1 | get", "GET | /api/v1 | get", "GET | /api | get", "POST | /healthz | post"})
  void discoveryAndOtherPathsAreNonResourceRequests(String method, String path, String verb) {
    ApiRequest request = ApiRequest.of(method.trim(), path.trim());

    assertThat(request.resourceRequest()).isFalse();
    assertThat(request.verb()).isEqualTo(verb.trim());
    assertThat(request.path()).isEqualTo(path.trim());
  }
}
