package dev.pgaudit.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD and Flux manifests under examples/gitops/ point at what exists in this repository
 * (the chart path, the sources they name), and the Helm values they carry are accepted by the chart.
 */
class GitOpsManifestsTest {
  private static final String CHART_PATH = "helm/pgaudit-operator";

  @TempDir Path tmp;

  @Test
  void argoCdOperatorApplicationInstallsTheChartFromItsGitPath() throws IOException {
    JsonNode app = GitOpsFiles.document("argocd/application-operator.yaml", "Application");
    JsonNode source = app.path("spec").path("source");

    assertThat(app.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(source.path("path").asText()).isEqualTo(CHART_PATH);
    assertThat(RepoPaths.root().resolve(source.path("path").asText()).resolve("Chart.yaml")).isRegularFile();
    assertThat(app.path("spec").path("destination").path("namespace").asText()).isNotEmpty();
    assertThat(texts(app.path("spec").path("syncPolicy").path("syncOptions")))
        .contains("CreateNamespace=true", "ServerSideApply=true");
    assertChartAccepts(source.path("helm").path("valuesObject"));
  }

  @Test
  void argoCdPoliciesApplicationSyncsAPlainDirectoryIntoANamespace() {
    JsonNode app = GitOpsFiles.document("argocd/application-policies.yaml", "Application");
    JsonNode spec = app.path("spec");

    assertThat(spec.path("source").has("helm")).isFalse();
    assertThat(spec.path("source").path("path").asText()).isNotEmpty().isNotEqualTo(CHART_PATH);
    assertThat(spec.path("source").path("directory").path("recurse").isBoolean()).isTrue();
    assertThat(spec.path("destination").path("namespace").asText()).isNotEmpty();
    assertThat(spec.path("syncPolicy").path("automated").path("selfHeal").asBoolean()).isTrue();
    assertThat(spec.path("syncPolicy").path("retry").path("limit").asInt()).isPositive();
  }

  @Test
  void fluxHelmReleaseTakesTheChartFromTheGitRepositoryAndManagesTheCrd() throws IOException {
    JsonNode release = GitOpsFiles.document("flux/helmrelease.yaml", "HelmRelease");
    JsonNode repository = GitOpsFiles.document("flux/gitrepository.yaml", "GitRepository");
    JsonNode chart = release.path("spec").path("chart").path("spec");

    assertThat(release.path("apiVersion").asText()).isEqualTo("helm.toolkit.fluxcd.io/v2");
    assertThat(Path.of(chart.path("chart").asText()).normalize().toString()).isEqualTo(CHART_PATH);
    assertThat(RepoPaths.root().resolve(chart.path("chart").asText()).resolve("Chart.yaml")).isRegularFile();
    assertRefersTo(chart.path("sourceRef"), repository);
    assertThat(repository.path("spec").path("ignore").asText()).contains("!/helm/");
    assertThat(release.path("spec").path("install").path("crds").asText()).isEqualTo("CreateReplace");
    assertThat(release.path("spec").path("upgrade").path("crds").asText()).isEqualTo("CreateReplace");
    assertChartAccepts(release.path("spec").path("values"));
  }

  @Test
  void fluxKustomizationReadsThePoliciesFromTheGitRepositoryBesideIt() {
    JsonNode kustomization = GitOpsFiles.document("flux/policies.yaml", "Kustomization");
    JsonNode repository = GitOpsFiles.document("flux/policies.yaml", "GitRepository");

    assertThat(kustomization.path("apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
    assertRefersTo(kustomization.path("spec").path("sourceRef"), repository);
    assertThat(kustomization.path("spec").path("path").asText()).isNotEmpty();
    assertThat(kustomization.path("spec").path("targetNamespace").asText()).isNotEmpty();
  }

  @Test
  void everyGitOpsFileParsesAndSaysWhatItIsFor() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(GitOpsFiles.dir())) {
      files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    for (Path file : files) {
      String relative = GitOpsFiles.dir().relativize(file).toString().replace('\\', '/');
      assertThat(GitOpsFiles.documents(relative)).as(relative).isNotEmpty()
          .allSatisfy(d -> assertThat(d.path("kind").asText()).as(relative).isNotEmpty());
      assertThat(Files.readAllLines(file).get(0)).as("first line of %s", relative).startsWith("# ");
    }
  }

  private static void assertRefersTo(JsonNode sourceRef, JsonNode repository) {
    assertThat(sourceRef.path("kind").asText()).isEqualTo("GitRepository");
    assertThat(sourceRef.path("name").asText()).isEqualTo(repository.path("metadata").path("name").asText());
    if (sourceRef.has("namespace")) {
      assertThat(sourceRef.path("namespace").asText()).isEqualTo(repository.path("metadata").path("namespace").asText());
    }
  }

  /** helm template with these values: the chart's schema and templates accept them. */
  private void assertChartAccepts(JsonNode values) throws IOException {
    assertThat(values.isObject()).as("Helm values").isTrue();
    Path file = tmp.resolve("values.yaml");
    GitOpsFiles.YAML.writeValue(file.toFile(), values);

    String rendered = new Helm(RepoPaths.root().resolve(CHART_PATH)).template()
        .withName("pgaudit-operator").withNamespace("pgaudit-system")
        // Argo CD and Flux render with the cluster's version; helm-java's Helm would assume v1.20.
        .withKubeVersion("v1.33.0")
        .withValuesFile(file).call();

    assertThat(rendered).contains("kind: Deployment");
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
