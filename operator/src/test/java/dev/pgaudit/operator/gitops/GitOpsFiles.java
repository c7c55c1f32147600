package dev.pgaudit.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pgaudit.testkit.crd.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files under examples/gitops/. */
final class GitOpsFiles {
  static final YAMLMapper YAML = new YAMLMapper();

  private GitOpsFiles() {}

  static Path dir() { return RepoPaths.examples().resolve("gitops"); }

  static Path healthLua() { return dir().resolve("argocd/health.lua"); }

  static String text(Path file) {
    try {
      return Files.readString(file).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every YAML document of a file (several per file are allowed here). */
  static List<JsonNode> documents(String relativePath) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(dir().resolve(relativePath).toFile())) {
      return docs.readAll().stream().filter(d -> d != null && d.isObject()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relativePath, e);
    }
  }

  static JsonNode document(String relativePath, String kind) {
    return documents(relativePath).stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + relativePath));
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
