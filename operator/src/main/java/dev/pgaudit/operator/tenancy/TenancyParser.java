package dev.pgaudit.operator.tenancy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgaudit.operator.tenancy.TenancyRules.ManagedRoles;
import dev.pgaudit.operator.tenancy.TenancyRules.NamespaceRule;
import dev.pgaudit.operator.tenancy.TenancyRules.ServicePattern;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the rule set from YAML or JSON (the chart passes its {@code tenancy} value as JSON).
 * Strict: an unknown key or a badly typed value fails the operator's start with every problem
 * listed, because a misspelt rule in a security setting must not silently mean "deny" or "allow".
 */
public final class TenancyParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?");
  private static final Pattern AIVEN_NAME_PATTERN = Pattern.compile("[A-Za-z0-9*?][-_A-Za-z0-9*?]*");
  private static final Set<String> TOP_KEYS = Set.of("allowAll", "restrictOwnTokens", "namespaces", "managedRoles");
  private static final Set<String> RULE_KEYS = Set.of("namespace", "rank", "services");
  private static final Set<String> SERVICE_KEYS = Set.of("project", "service");
  private static final Set<String> ROLE_KEYS = Set.of("roles", "allowLowering");

  private final List<String> problems = new ArrayList<>();

  private TenancyParser() {}

  /** @throws IllegalArgumentException naming every problem (path: what is wrong) */
  public static TenancyRules parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not YAML or JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) return TenancyRules.DEFAULT;
    TenancyParser parser = new TenancyParser();
    TenancyRules rules = parser.rules(root);
    if (!parser.problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", parser.problems));
    return rules;
  }

  private TenancyRules rules(JsonNode root) {
    if (!object("tenancy", root, TOP_KEYS)) return TenancyRules.DEFAULT;
    boolean allowAll = bool("tenancy.allowAll", root.get("allowAll"), false);
    boolean restrictOwn = bool("tenancy.restrictOwnTokens", root.get("restrictOwnTokens"), false);
    List<NamespaceRule> rules = new ArrayList<>();
    JsonNode list = root.get("namespaces");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        problems.add("tenancy.namespaces: expected a list of rules");
      } else {
        for (int i = 0; i < list.size(); i++) rules.add(rule(i, list.get(i)));
      }
    }
    return new TenancyRules(allowAll, restrictOwn, rules, managedRoles(root.get("managedRoles")));
  }

  private NamespaceRule rule(int index, JsonNode node) {
    String path = "tenancy.namespaces[" + index + "]";
    if (!object(path, node, RULE_KEYS)) return new NamespaceRule(index, "?", 0, List.of());
    String namespace = name(path + ".namespace", node.get("namespace"), NAME_PATTERN, null);
    int rank = 0;
    JsonNode r = node.get("rank");
    if (r != null && !r.isNull()) {
      if (r.isInt()) rank = r.intValue(); else problems.add(path + ".rank: expected a whole number, got " + r);
    }
    List<ServicePattern> services = new ArrayList<>();
    JsonNode list = node.get("services");
    if (list == null || !list.isArray()) {
      problems.add(path + ".services: expected a list of {project, service} patterns");
    } else {
      for (int i = 0; i < list.size(); i++) {
        String at = path + ".services[" + i + "]";
        JsonNode s = list.get(i);
        if (!object(at, s, SERVICE_KEYS)) continue;
        services.add(new ServicePattern(name(at + ".project", s.get("project"), AIVEN_NAME_PATTERN, null),
            name(at + ".service", s.get("service"), AIVEN_NAME_PATTERN, "*")));
      }
    }
    return new NamespaceRule(index, namespace == null ? "?" : namespace, rank, services);
  }

  private ManagedRoles managedRoles(JsonNode node) {
    if (node == null || node.isNull()) return ManagedRoles.DEFAULT;
    if (!object("tenancy.managedRoles", node, ROLE_KEYS)) return ManagedRoles.DEFAULT;
    boolean allowLowering = bool("tenancy.managedRoles.allowLowering", node.get("allowLowering"), false);
    JsonNode list = node.get("roles");
    if (list == null || list.isNull()) return new ManagedRoles(ManagedRoles.DEFAULT.roles(), allowLowering);
    List<String> roles = new ArrayList<>();
    if (!list.isArray()) {
      problems.add("tenancy.managedRoles.roles: expected a list of role names or patterns");
    } else {
      for (int i = 0; i < list.size(); i++) {
        JsonNode role = list.get(i);
        if (role.isTextual() && !role.asText().isEmpty()) roles.add(role.asText());
        else problems.add("tenancy.managedRoles.roles[" + i + "]: expected a role name or pattern, got " + role);
      }
    }
    return new ManagedRoles(roles, allowLowering);
  }

  private boolean object(String path, JsonNode node, Set<String> keys) {
    if (node == null || !node.isObject()) {
      problems.add(path + ": expected a mapping, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
      return false;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!keys.contains(key)) problems.add(path + "." + key + ": unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
    }
    return true;
  }

  private boolean bool(String path, JsonNode node, boolean fallback) {
    if (node == null || node.isNull()) return fallback;
    if (node.isBoolean()) return node.booleanValue();
    problems.add(path + ": expected true or false, got " + node);
    return fallback;
  }

  private String name(String path, JsonNode node, Pattern allowed, String fallback) {
    if (node == null || node.isNull()) {
      if (fallback == null) problems.add(path + ": required");
      return fallback;
    }
    String value = node.isTextual() ? node.asText() : null;
    if (value == null || !allowed.matcher(value).matches()) {
      problems.add(path + ": expected a name or a pattern with * and ?, got " + node);
      return fallback;
    }
    return value;
  }
}
