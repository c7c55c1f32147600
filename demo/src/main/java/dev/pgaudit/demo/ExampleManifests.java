package dev.pgaudit.demo;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests of examples/*.yaml, as a user would apply them: read from the files, Secrets first,
 * into one namespace. The Secrets' placeholders are filled with what this environment really has
 * (the simulator's token, the throwaway cluster's address and avnadmin password); everything else
 * is applied exactly as written.
 */
final class ExampleManifests {
  /** What marks a value the user must fill in before applying (see examples/secret-*.yaml). */
  static final String PLACEHOLDER = "REPLACE-WITH";

  private final List<Manifest> manifests;

  record Manifest(Path file, HasMetadata resource) {
    String kindAndName() {
      return resource.getKind().toLowerCase() + "/" + resource.getMetadata().getName();
    }
  }

  private ExampleManifests(List<Manifest> manifests) {
    this.manifests = manifests;
  }

  /** Every .yaml file directly in {@code dir} (not the gitops/ subfolders), Secrets first, then by file name. */
  static ExampleManifests read(Path dir, KubernetesClient client) {
    List<Manifest> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata item : client.load(in).items()) all.add(new Manifest(file, typed(item, client)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    all.sort(Comparator.comparing((Manifest m) -> !(m.resource() instanceof Secret)));
    return new ExampleManifests(all);
  }

  List<PgAuditPolicy> policies() {
    return manifests.stream().map(Manifest::resource).filter(PgAuditPolicy.class::isInstance)
        .map(PgAuditPolicy.class::cast).toList();
  }

  /**
   * Creates every manifest in {@code namespace}, printing one kubectl-like line each. A Secret's
   * stringData is filled in and then stored as data, as the API server would.
   */
  List<String> apply(KubernetesClient client, String namespace, String aivenToken, PgLogin sqlSide) {
    List<String> lines = new ArrayList<>();
    for (Manifest m : manifests) {
      HasMetadata resource = m.resource();
      resource.getMetadata().setNamespace(namespace);
      String note = resource instanceof Secret secret ? fillIn(secret, m.file(), aivenToken, sqlSide) : "";
      client.resource(resource).inNamespace(namespace).create();
      lines.add(m.kindAndName() + " created" + note);
    }
    return lines;
  }

  /** Replaces the placeholders of a Secret from examples/; returns a note for the output (never a value). */
  private static String fillIn(Secret secret, Path file, String aivenToken, PgLogin sqlSide) {
    Map<String, String> values = new LinkedHashMap<>(secret.getStringData() == null ? Map.of() : secret.getStringData());
    String note = "";
    if (values.containsKey("token")) {
      values.put("token", aivenToken);
      note = "   (token: the Aiven simulator's)";
    }
    if (values.containsKey("host")) {
      values.put("host", sqlSide.host());
      values.put("port", Integer.toString(sqlSide.port()));
      values.put("user", sqlSide.user());
      values.put("password", sqlSide.password());
      values.put("dbname", sqlSide.dbname());
      values.put("sslmode", sqlSide.sslmode());
      note = "   (host, port, password: the throwaway PostgreSQL's)";
    }
    values.forEach((key, value) -> {
      if (value != null && value.contains(PLACEHOLDER)) {
        throw new DemoFailure(file.getFileName() + ": the demo does not know what to put into the placeholder of "
            + "secret " + secret.getMetadata().getName() + " key " + key);
      }
    });
    Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
    values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    secret.setData(data);
    secret.setStringData(null);
    return note;
  }

  /** The client reads our custom resource as a generic one; the operator's type makes it printable and typed. */
  private static HasMetadata typed(HasMetadata item, KubernetesClient client) {
    if (item instanceof PgAuditPolicy || !"PgAuditPolicy".equals(item.getKind())) return item;
    return client.getKubernetesSerialization().convertValue(item, PgAuditPolicy.class);
  }
}
