package dev.pgaudit.reliability;

import static dev.pgaudit.reliability.BadInput.array;
import static dev.pgaudit.reliability.BadInput.at;
import static dev.pgaudit.reliability.BadInput.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.operator.reconcile.Conditions.Reason;
import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.operator.tenancy.TenancyRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Specs the CRD accepts that reach for what their namespace may not: the default token on another
 * team's service, a sink into another team's OpenSearch or another project, a lowered auditing of
 * Aiven-managed roles. The suite's operator runs with {@link #RULES}: the corpus's batch namespaces
 * (t1, t2, …) may use the corpus's own services, {@link #OTHER_TEAM} its own; every case must end
 * refused, naming the rule, with no SQL and no Aiven request of its own, while the other team's
 * policy stays applied.
 */
final class TenancyCorpus {
  static final String OTHER_TEAM = "other-team";
  static final String OTHER_SERVICE = "pg-other-team";
  static final String OTHER_OPENSEARCH = "os-other-team";
  static final TenancyRules RULES = TenancyParser.parse("""
      namespaces:
        - namespace: "t*"
          services: [{project: acme, service: "pg-tn-*"}, {project: acme, service: "pg-bi-*"}, {project: acme, service: os-audit}]
        - namespace: %s
          services: [{project: acme, service: %s}, {project: acme, service: %s}]
      """.formatted(OTHER_TEAM, OTHER_SERVICE, OTHER_OPENSEARCH));
  private static final String CORPUS_RULE = "tenancy.namespaces[0] (namespace t*)";

  final List<BadInput> cases = new ArrayList<>();

  static List<BadInput> generate() {
    TenancyCorpus c = new TenancyCorpus();
    c.theDefaultTokenOnAnotherTeamsService();
    c.sinksOutOfTheAllowance();
    c.loweringManagedRoles();
    return c.cases;
  }

  private void theDefaultTokenOnAnotherTeamsService() {
    for (String level : List.of("Service", "Database", "Role", "DatabaseRole")) {
      refused("the default token on another team's service", m -> {
        defaultToken(m);
        service(m, "acme", OTHER_SERVICE);
        scope(m, level);
      }, Reason.NOT_ALLOWED, "on service acme/" + OTHER_SERVICE + ": " + CORPUS_RULE);
    }
    refused("the default token on another team's service", m -> {
      defaultToken(m);
      service(m, "acme-other", "pg-tn-x");
    }, Reason.NOT_ALLOWED, "on service acme-other/pg-tn-x: " + CORPUS_RULE);
    refused("the default token on another team's service", m -> {
      defaultToken(m);
      service(m, "acme", OTHER_SERVICE + "-lookalike");
    }, Reason.NOT_ALLOWED, CORPUS_RULE);
  }

  private void sinksOutOfTheAllowance() {
    refused("a sink out of the namespace's allowance", m -> {
      defaultToken(m);
      sink(m, null, OTHER_OPENSEARCH);
    }, Reason.NOT_ALLOWED, "on sink destination acme/" + OTHER_OPENSEARCH + ": " + CORPUS_RULE);
    refused("a sink out of the namespace's allowance", m -> {
      defaultToken(m);
      sink(m, "another-project", "os-audit");
    }, Reason.NOT_ALLOWED, "on sink destination another-project/os-audit: " + CORPUS_RULE);
    refused("a sink out of the namespace's allowance", m -> {
      defaultToken(m);
      service(m, "acme", OTHER_SERVICE);
      sink(m, null, "os-audit");
    }, Reason.NOT_ALLOWED, "on service acme/" + OTHER_SERVICE);
  }

  private void loweringManagedRoles() {
    String[][] lowerings = {{"avnadmin", "none"}, {"avnadmin", "-ddl"}, {"postgres", "none"}, {"_aiven_repl", "-all"}};
    for (String[] l : lowerings) {
      for (String level : List.of("Role", "DatabaseRole")) {
        refused("lowering the auditing of an Aiven-managed role", m -> {
          at(m, "spec", "scope").put("level", level).set("roles", array(l[0]));
          if (level.equals("Role")) at(m, "spec", "scope").remove("databases");
          spec(m).set("log", l[1].startsWith("-") ? array("all", l[1]) : array(l[1]));
        }, Reason.MANAGED_ROLE, "role " + l[0] + " is managed by Aiven");
      }
    }
  }

  private void refused(String klass, Consumer<ObjectNode> change, String reason, String mustName) {
    String id = "tn-" + (cases.size() + 1);
    ObjectNode m = BadInput.base(id, "pg-" + id);
    change.accept(m);
    // No service is created: a refused policy must not need one, nor look for it.
    cases.add(new BadInput(id, klass, m, false, null, "False", reason, mustName, List.of(), new LinkedHashMap<>(),
        BadInput.Edit.forOutcome(reason, Map.of())));
  }

  private static void defaultToken(ObjectNode m) {
    spec(m).remove("authSecretRef");
  }

  private static void service(ObjectNode m, String project, String service) {
    at(m, "spec", "service").put("project", project).put("serviceName", service);
  }

  private static void scope(ObjectNode m, String level) {
    ObjectNode scope = at(m, "spec", "scope");
    scope.put("level", level);
    if (level.equals("Service")) scope.remove("databases");
    if (level.equals("Role") || level.equals("DatabaseRole")) scope.set("roles", array("app"));
    if (level.equals("Role")) scope.remove("databases");
  }

  private static void sink(ObjectNode m, String project, String service) {
    ObjectNode os = at(m, "spec", "sink", "opensearch");
    os.put("serviceName", service);
    if (project != null) os.put("project", project);
  }
}
