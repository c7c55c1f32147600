package dev.pgaudit.testkit.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RBAC the Helm chart (helm/pgaudit-operator) installs, rendered with helm template (the Helm
 * bundled in helm-java): the operator's ServiceAccount identity and its Roles, ClusterRoles and
 * bindings, for the embedded API server to enforce. Two shapes, as the chart has them: every
 * namespace watched (a ClusterRole), or a list of namespaces (a Role in each, nothing cluster-wide).
 *
 * @param watchNamespaces empty = all namespaces; what the operator under test must be told to watch
 */
public record ChartRbac(String releaseNamespace, Identity serviceAccount, Rbac rbac, List<String> watchNamespaces) {
  public static final String RELEASE = "pgaudit";
  /** The release namespace, where the leader-election Lease lives. */
  public static final String NAMESPACE = "pgaudit-system";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "Role", Role.class, "ClusterRole", ClusterRole.class,
      "RoleBinding", RoleBinding.class, "ClusterRoleBinding", ClusterRoleBinding.class,
      "ServiceAccount", ServiceAccount.class);

  /** The chart's defaults: every namespace watched, leader election on. */
  public static ChartRbac clusterWide() {
    return render(chartDir(), List.of());
  }

  /** The chart with {@code watchNamespaces} set to these namespaces. */
  public static ChartRbac watching(String... namespaces) {
    if (namespaces.length == 0) throw new IllegalArgumentException("name at least one namespace");
    return render(chartDir(), List.of(namespaces));
  }

  public static ChartRbac render(Path chartDir, List<String> watchNamespaces) {
    return render(chartDir, Map.of("watchNamespaces", watchNamespaces));
  }

  /**
   * The chart with these values (helm template -f), e.g. {@code leaderElection: {enabled: false}}
   * for a release installed without the Lease rights.
   */
  @SuppressWarnings("unchecked")
  public static ChartRbac render(Path chartDir, Map<String, Object> values) {
    String yaml;
    Path file = null;
    try {
      file = Files.createTempFile("chart-rbac-values", ".yaml");
      Files.writeString(file, YAML.writeValueAsString(values));
      // helm-java's Helm assumes Kubernetes v1.20 without a cluster, older than the chart's kubeVersion.
      yaml = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("v1.33.0")
          .withValuesFile(file).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) file.toFile().delete();
    }
    List<HasMetadata> objects = parse(yaml);
    List<ServiceAccount> accounts = objects.stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast).toList();
    if (accounts.size() != 1) throw new IllegalStateException("the chart rendered " + accounts.size() + " ServiceAccounts, expected 1");
    ServiceAccount sa = accounts.get(0);
    Identity identity = Identity.serviceAccount(sa.getMetadata().getNamespace(), sa.getMetadata().getName());
    List<String> watched = (List<String>) values.getOrDefault("watchNamespaces", List.of());
    return new ChartRbac(NAMESPACE, identity, Rbac.of(objects), List.copyOf(watched));
  }

  /** helm/pgaudit-operator, found from the working directory upwards (tests run in a module directory). */
  public static Path chartDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("helm/pgaudit-operator/Chart.yaml"))) dir = dir.getParent();
    if (dir == null) throw new IllegalStateException("helm/pgaudit-operator not found above " + Path.of("").toAbsolutePath());
    return dir.resolve("helm/pgaudit-operator");
  }

  /** The RBAC objects and the ServiceAccount among the rendered documents. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      for (JsonNode doc : docs.readAll()) {
        if (doc == null || !doc.isObject()) continue;
        Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
        if (type != null) objects.add(Serialization.jsonMapper().convertValue(doc, type));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template produced YAML that does not parse", e);
    }
    return objects;
  }
}
