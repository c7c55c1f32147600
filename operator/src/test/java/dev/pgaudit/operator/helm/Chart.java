package dev.pgaudit.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The chart under helm/pgaudit-operator, rendered with the Helm bundled in helm-java. */
final class Chart {
  static final String RELEASE = "pgaudit";
  static final String NAMESPACE = "pgaudit-system";
  /** fullname of the release: release name + chart name (the release name does not contain it). */
  static final String FULLNAME = "pgaudit-pgaudit-operator";
  /**
   * The cluster version rendering assumes. The Helm inside helm-java assumes v1.20 without a cluster
   * (official helm binaries assume their client-go's version), older than Chart.yaml's kubeVersion.
   */
  static final String KUBE_VERSION = "v1.33.0";

  private static final YAMLMapper YAML = new YAMLMapper();

  private Chart() {}

  static Path dir() { return RepoPaths.root().resolve("helm").resolve("pgaudit-operator"); }

  static Helm helm() { return new Helm(dir()); }

  /** helm template with the chart's defaults. */
  static Rendered template() {
    return render(base());
  }

  /** helm template with a values file from src/test/resources/helm/. */
  static Rendered template(String valuesResource) {
    return render(base().withValuesFile(testValues(valuesResource)));
  }

  static TemplateCommand base() {
    return helm().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
  }

  static Rendered render(TemplateCommand command) {
    return new Rendered(parse(command.call()));
  }

  static Path testValues(String resource) {
    return RepoPaths.root().resolve("operator/src/test/resources/helm").resolve(resource);
  }

  static List<JsonNode> parse(String yaml) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      return docs.readAll().stream().filter(d -> d != null && d.isObject() && d.size() > 0).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("helm template produced YAML that does not parse", e);
    }
  }
}
