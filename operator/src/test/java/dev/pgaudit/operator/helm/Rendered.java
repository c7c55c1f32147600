package dev.pgaudit.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** The objects one helm template run produced, with lookups by kind, name and namespace. */
record Rendered(List<JsonNode> objects) {

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  JsonNode one(String kind) {
    List<JsonNode> all = ofKind(kind);
    if (all.size() != 1) {
      throw new AssertionError("expected one " + kind + ", rendered " + all.size() + ": " + kinds());
    }
    return all.get(0);
  }

  JsonNode named(String kind, String name) {
    return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
  }

  List<String> kinds() {
    return objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList();
  }

  JsonNode deployment() { return one("Deployment"); }

  JsonNode podSpec() { return deployment().path("spec").path("template").path("spec"); }

  JsonNode container() {
    JsonNode containers = podSpec().path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("expected one container, got " + containers.size());
    }
    return containers.get(0);
  }

  /** The container's env as name → the EnvVar object (value or valueFrom); fails on duplicates. */
  Map<String, JsonNode> env() {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    for (JsonNode var : container().path("env")) {
      if (env.put(var.path("name").asText(), var) != null) {
        throw new AssertionError("env " + var.path("name").asText() + " is set twice");
      }
    }
    return env;
  }

  String envValue(String name) {
    JsonNode var = env().get(name);
    if (var == null) {
      throw new AssertionError("no env " + name + " in " + env().keySet());
    }
    return var.path("value").asText();
  }

  JsonNode volume(String name) {
    return StreamSupport.stream(podSpec().path("volumes").spliterator(), false)
        .filter(v -> v.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  JsonNode mount(String name) {
    return StreamSupport.stream(container().path("volumeMounts").spliterator(), false)
        .filter(v -> v.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volumeMount " + name));
  }

  /** The rules of a Role or ClusterRole, each as "apiGroup resource verb" lines, for exact comparison. */
  static List<String> ruleLines(JsonNode role) {
    List<String> lines = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
        lines.add("unexpected rule shape: " + rule);
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            lines.add(group.asText() + " " + resource.asText() + " " + verb.asText());
          }
        }
      }
    }
    return lines;
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
