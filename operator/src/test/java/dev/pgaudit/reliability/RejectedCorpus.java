package dev.pgaudit.reliability;

import static dev.pgaudit.reliability.BadInput.array;
import static dev.pgaudit.reliability.BadInput.at;
import static dev.pgaudit.reliability.BadInput.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Specs the CRD schema must refuse: every kind of invalid value the issue lists and then some,
 * generated from value lists so each rule is hit from several sides.
 */
final class RejectedCorpus {
  private final List<BadInput> cases = new ArrayList<>();

  static List<BadInput> generate() {
    RejectedCorpus c = new RejectedCorpus();
    c.wrongEnums();
    c.emptyLists();
    c.namesOver63Bytes();
    c.namesWithNul();
    c.serviceScopeWithSqlOnlyClasses();
    c.outOfRange();
    c.missingFields();
    c.wrongTypes();
    c.unknownFields();
    c.scopeListsThatDoNotFit();
    c.aivenOnlySettingsAtSqlScope();
    c.badIndexPrefixes();
    c.badMetadataNames();
    c.tooManyItems();
    c.emptyStrings();
    c.serviceScopeRoleOutsideAivenPattern();
    return List.copyOf(c.cases);
  }

  private void add(String klass, Consumer<ObjectNode> change) {
    String id = "rej-" + (cases.size() + 1);
    ObjectNode m = BadInput.base(id, "pg-rejected");
    change.accept(m);
    cases.add(new BadInput(id, klass, m, true, null, null, null, null, List.of(), Map.of(), null));
  }

  private static void serviceScope(ObjectNode m) {
    spec(m).putObject("scope").put("level", "Service");
  }

  private static ObjectNode sink(ObjectNode m) {
    return at(m, "spec", "sink", "opensearch").put("serviceName", "os-audit");
  }

  private void wrongEnums() {
    String k = "wrong enum value";
    for (String v : List.of("READ", "reads", "", "read,write", "all;", "ddl ", "select", "-select", "none; drop", "Misc",
        "misc-set", "ALL")) {
      add(k, m -> spec(m).set("log", array(v)));
    }
    for (String v : List.of("service", "database", "Cluster", "", "Database;", "ROLE")) {
      add(k, m -> at(m, "spec", "scope").put("level", v));
    }
    for (String v : List.of("dryrun", "Apply", "", "DRYRUN")) add(k, m -> spec(m).put("mode", v));
    for (String v : List.of("Retain", "delete", "")) add(k, m -> spec(m).put("deletionPolicy", v));
    for (String v : List.of("error", "LOG", "fatal", "panic", "")) add(k, m -> at(m, "spec", "settings").put("logLevel", v));
    for (String v : List.of("message", "hostname", "MESSAGE", "")) {
      add(k, m -> sink(m).set("selectedLogFields", array(v)));
    }
  }

  private void emptyLists() {
    String k = "empty list";
    add(k, m -> spec(m).set("log", array()));
    add(k, m -> at(m, "spec", "scope").set("databases", array()));
    add(k, m -> at(m, "spec", "scope").put("level", "Role").set("roles", array()));
    add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("roles", array()));
    add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("databases", array()));
  }

  private void namesOver63Bytes() {
    String k = "name over its byte or length limit";
    List<String> long64 = List.of("x".repeat(64), "語".repeat(22), "é".repeat(32), "🐘".repeat(16));
    for (String name : long64) add(k, m -> at(m, "spec", "scope").set("databases", array(name)));
    for (String name : long64) {
      add(k, m -> {
        ObjectNode scope = at(m, "spec", "scope").put("level", "Role");
        scope.remove("databases");
        scope.set("roles", array(name));
      });
    }
    add(k, m -> {
      ObjectNode scope = at(m, "spec", "scope").put("level", "DatabaseRole");
      scope.set("roles", array("ok"));
      scope.set("databases", array("d".repeat(64)));
    });
    add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("roles", array("r".repeat(64))));
    add(k, m -> at(m, "spec", "settings").put("role", "x".repeat(64)));
    add(k, m -> at(m, "spec", "settings").put("role", "語".repeat(22)));
    add(k, m -> at(m, "spec", "service").put("serviceName", "s".repeat(65)));
    add(k, m -> at(m, "spec", "service").put("project", "p".repeat(64)));
    add(k, m -> sink(m).put("serviceName", "o".repeat(65)));
    add(k, m -> sink(m).put("project", "p".repeat(64)));
    add(k, m -> at(m, "spec", "authSecretRef").put("name", "n".repeat(254)));
    add(k, m -> at(m, "spec", "authSecretRef").put("key", "k".repeat(254)));
    add(k, m -> at(m, "spec", "connection", "secretRef").put("name", "c".repeat(254)));
  }

  /** PostgreSQL cannot store a NUL in a name: refused up front instead of ending in an SQL error. */
  private void namesWithNul() {
    String k = "NUL character in a database or role name";
    for (String name : List.of("a\u0000b", "\u0000")) {
      add(k, m -> at(m, "spec", "scope").set("databases", array(name)));
      add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("roles", array(name)));
      add(k, m -> at(m, "spec", "settings").put("role", name));
    }
  }

  private void serviceScopeWithSqlOnlyClasses() {
    String k = "Service scope with SQL-only log classes";
    for (List<String> log : List.of(List.of("-misc"), List.of("none"), List.of("-all"), List.of("-read"),
        List.of("read", "-write"), List.of("none", "ddl"), List.of("-ddl"), List.of("-function"), List.of("-role"),
        List.of("-misc_set"), List.of("-write"))) {
      add(k, m -> {
        serviceScope(m);
        spec(m).set("log", array(log.toArray()));
      });
    }
  }

  private void outOfRange() {
    String k = "number out of range";
    for (long v : List.of(-1L, -2147483648L, 1073741824L)) {
      add(k, m -> at(m, "spec", "settings").put("logParameterMaxSize", v));
    }
    for (int v : List.of(-2, -100, 102401)) {
      add(k, m -> {
        serviceScope(m);
        at(m, "spec", "settings").put("logMaxStringLength", v);
      });
    }
    for (long v : List.of(0L, -1L, 10001L, -2147483648L)) add(k, m -> sink(m).put("indexDaysMax", v));
  }

  private void missingFields() {
    String k = "missing required field";
    add(k, m -> m.remove("spec"));
    add(k, m -> spec(m).remove("service"));
    add(k, m -> at(m, "spec", "service").remove("project"));
    add(k, m -> at(m, "spec", "service").remove("serviceName"));
    add(k, m -> spec(m).remove("scope"));
    add(k, m -> at(m, "spec", "scope").remove("level"));
    add(k, m -> spec(m).remove("log"));
    add(k, m -> spec(m).putObject("sink"));
    add(k, m -> at(m, "spec", "sink").putObject("opensearch").put("indexPrefix", "logs"));
    add(k, m -> at(m, "spec", "authSecretRef").remove("name"));
    add(k, m -> spec(m).putObject("connection"));
    add(k, m -> at(m, "spec", "connection").putObject("secretRef"));
    add(k, m -> at(m, "metadata").remove("name"));
    add(k, m -> m.put("apiVersion", "pgaudit.dev/v1"));
    add(k, m -> m.put("kind", "PgAuditPolicies"));
  }

  private void wrongTypes() {
    String k = "wrong type";
    add(k, m -> spec(m).put("log", "read"));
    add(k, m -> at(m, "spec", "scope").put("databases", "orders"));
    add(k, m -> at(m, "spec", "settings").put("logRows", "yes"));
    add(k, m -> at(m, "spec", "settings").put("logRows", 1));
    add(k, m -> sink(m).put("indexDaysMax", "3"));
    add(k, m -> at(m, "spec", "settings").put("logParameterMaxSize", 1.5));
    add(k, m -> at(m, "spec", "settings").put("logParameterMaxSize", "10"));
    add(k, m -> at(m, "spec", "scope").put("level", 1));
    add(k, m -> spec(m).put("service", "pg-1"));
    add(k, m -> spec(m).set("scope", array()));
    add(k, m -> spec(m).put("mode", true));
    add(k, m -> spec(m).set("settings", array()));
    add(k, m -> at(m, "spec", "scope").set("databases", array(1)));
    add(k, m -> spec(m).set("log", array(1)));
  }

  private void unknownFields() {
    String k = "unknown field";
    add(k, m -> spec(m).put("extra", "x"));
    add(k, m -> at(m, "spec", "scope").set("database", array("orders")));
    add(k, m -> at(m, "spec", "settings").put("log_rows", true));
    add(k, m -> at(m, "spec", "sink").putObject("elasticsearch").put("serviceName", "es"));
    add(k, m -> at(m, "spec", "service").put("name", "pg-1"));
    // A Secret from another namespace would cross the namespace boundary: there is no such field.
    add(k, m -> at(m, "spec", "authSecretRef").put("namespace", "kube-system"));
  }

  private void scopeListsThatDoNotFit() {
    String k = "scope lists that do not fit the level";
    add(k, m -> at(m, "spec", "scope").put("level", "Service"));
    add(k, m -> {
      serviceScope(m);
      at(m, "spec", "scope").set("roles", array("app"));
    });
    add(k, m -> at(m, "spec", "scope").set("roles", array("app")));
    add(k, m -> at(m, "spec", "scope").put("level", "Role").set("roles", array("app")));
    add(k, m -> at(m, "spec", "scope").put("level", "Service").set("roles", array("app")));
  }

  private void aivenOnlySettingsAtSqlScope() {
    String k = "Aiven-only setting at a SQL scope";
    for (String level : List.of("Database", "Role", "DatabaseRole")) {
      for (String setting : List.of("logMaxStringLength", "logNestedStatements")) {
        add(k, m -> {
          ObjectNode scope = at(m, "spec", "scope").put("level", level);
          if (!level.equals("Database")) scope.set("roles", array("app"));
          if (level.equals("Role")) scope.remove("databases");
          if (setting.equals("logMaxStringLength")) at(m, "spec", "settings").put(setting, 100);
          else at(m, "spec", "settings").put(setting, false);
        });
      }
    }
  }

  private void badIndexPrefixes() {
    String k = "bad index prefix";
    for (String v : List.of("UPPER", "-x", "a", "a b", "a;b", "../x", "ä-logs", "_x", "", "x/y")) {
      add(k, m -> sink(m).put("indexPrefix", v));
    }
  }

  private void badMetadataNames() {
    String k = "bad metadata.name";
    for (String v : List.of("UPPER", "with_underscore", "x".repeat(254), "-x", "x.", "a b", "")) {
      add(k, m -> at(m, "metadata").put("name", v));
    }
  }

  private void tooManyItems() {
    String k = "too many items";
    add(k, m -> spec(m).set("log", array(java.util.Collections.nCopies(17, "read").toArray())));
    add(k, m -> at(m, "spec", "scope").set("databases", array(java.util.stream.IntStream.range(0, 101)
        .mapToObj(i -> "db" + i).toArray())));
    add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("roles", array(java.util.stream.IntStream
        .range(0, 101).mapToObj(i -> "r" + i).toArray())));
    // the "sink with 6 fields": five distinct ones and a repeat, then more
    add(k, m -> sink(m).set("selectedLogFields", array("HOSTNAME", "PRIORITY", "REALTIME_TIMESTAMP", "SYSTEMD_UNIT",
        "service_name", "HOSTNAME")));
    add(k, m -> sink(m).set("selectedLogFields", array(java.util.Collections.nCopies(6, "PRIORITY").toArray())));
    add(k, m -> sink(m).set("selectedLogFields", array(java.util.Collections.nCopies(10, "HOSTNAME").toArray())));
  }

  private void emptyStrings() {
    String k = "empty string";
    add(k, m -> at(m, "spec", "scope").set("databases", array("")));
    add(k, m -> at(m, "spec", "scope").put("level", "DatabaseRole").set("roles", array("")));
    add(k, m -> at(m, "spec", "service").put("serviceName", ""));
    add(k, m -> at(m, "spec", "service").put("project", ""));
    add(k, m -> at(m, "spec", "settings").put("role", ""));
    add(k, m -> at(m, "spec", "authSecretRef").put("name", ""));
  }

  private void serviceScopeRoleOutsideAivenPattern() {
    String k = "Service-scope pgaudit.role outside Aiven's pattern";
    for (String v : List.of("x y", "a'b", "-x", "semi;colon", "ünï", ".x", "a\"b")) {
      add(k, m -> {
        serviceScope(m);
        at(m, "spec", "settings").put("role", v);
      });
    }
  }
}
