package dev.pgaudit.operator.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading the YAML manifests under examples/ and the test resources. */
public final class Manifests {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** The single document of a manifest file; fails on files with none or several. */
  public static JsonNode read(Path file) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> all = docs.readAll().stream().filter(d -> !d.isMissingNode() && !d.isNull()).toList();
      if (all.size() != 1) {
        throw new IllegalArgumentException(file + " holds " + all.size() + " YAML documents, expected 1");
      }
      return all.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The .yaml files of a directory, sorted by name. */
  public static List<Path> yamlFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The example files holding a PgAuditPolicy. */
  public static List<Path> examplePolicies() {
    return yamlFiles(RepoPaths.examples()).stream()
        .filter(f -> read(f).path("kind").asText().equals("PgAuditPolicy"))
        .toList();
  }
}
