package dev.pgaudit.testkit.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;

/** A namespaced custom resource with a status subresource, for tests of the embedded API's store. */
final class Widgets {
  static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup("test.pgaudit.dev").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build();

  private Widgets() {}

  static void register(KubernetesClient client) {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets.test.pgaudit.dev").endMetadata()
        .withNewSpec().withGroup("test.pgaudit.dev").withScope("Namespaced")
        .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> of(
      KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }

  static GenericKubernetesResource widget(String namespace, String name, Map<String, String> labels, int size) {
    return new GenericKubernetesResourceBuilder().withApiVersion("test.pgaudit.dev/v1").withKind("Widget")
        .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
        .addToAdditionalProperties("spec", Map.of("size", size)).build();
  }
}
