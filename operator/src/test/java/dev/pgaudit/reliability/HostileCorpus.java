package dev.pgaudit.reliability;

import static dev.pgaudit.reliability.BadInput.array;
import static dev.pgaudit.reliability.BadInput.at;
import static dev.pgaudit.reliability.BadInput.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingStatements;
import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.reconcile.Conditions.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Specs the CRD accepts although they are hostile or point at nothing: SQL syntax, quotes,
 * control and bidi characters and 63-byte names as database, role and pgaudit.role values;
 * odd service, project, Secret and OpenSearch names; PostgreSQL's own databases and roles.
 * Each must end with one clear condition; names that exist must simply work as names.
 */
final class HostileCorpus {
  static final List<String> NAMES = List.of(
      "a\"b", "it's", "semi;colon", "x; DROP DATABASE defaultdb; --", "\"; DROP ROLE avnadmin; --", "back\\slash",
      "Ünïcødé", "日本語の名前", "🐘 elephant", "with space", "MixedCase", "$1", "%s%n%x", "-- comment", "/* block */",
      "tab\there", "new\nline", "'", "\"\"", "\u202Eevil", "zero\u200Bwidth", "${jndi:ldap://x}", "x".repeat(63),
      "語".repeat(21));

  final List<BadInput> cases = new ArrayList<>();
  /** Databases and roles that must exist (created by avnadmin) before the cases run. */
  final Set<String> databases = new LinkedHashSet<>();
  final Set<String> roles = new LinkedHashSet<>();
  /** Secrets (name → raw values) to put into every namespace the cases run in. */
  final Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
  /** The password in the broken connection Secrets: it must never appear in a log line or Event. */
  static final String BAD_SECRET_PASSWORD = "bad-secret-pw-5e2f9a";

  static HostileCorpus generate() {
    HostileCorpus c = new HostileCorpus();
    c.hostileIdentifiers();
    c.hostilePgauditRoleValues();
    c.hostileAivenAndSecretNames();
    c.sinkToAServiceThatIsNotOpenSearch();
    c.postgresOwnTargets();
    c.oddButValidLists();
    c.badConnectionSecrets();
    c.badTokenSecrets();
    return c;
  }

  /** "nx_" + name, cut to PostgreSQL's 63 bytes: a name that surely does not exist. */
  static String missing(String name) {
    StringBuilder out = new StringBuilder("nx_");
    name.codePoints().forEach(cp -> {
      String next = out + new String(Character.toChars(cp));
      if (next.getBytes(StandardCharsets.UTF_8).length <= 63) out.appendCodePoint(cp);
    });
    return out.toString();
  }

  private void hostileIdentifiers() {
    for (String name : NAMES) {
      databases.add(name);
      roles.add(name);
      sql("hostile name of an existing database", new SqlTarget.Database(name), "read");
      sql("hostile name of an existing role", new SqlTarget.Role(name), "ddl");
      sql("hostile names of an existing role in an existing database", new SqlTarget.RoleInDatabase(name, name), "write");
      fails("hostile name of a missing database", m -> scope(m, "Database", List.of(missing(name)), null),
          Reason.DATABASE_NOT_FOUND, SqlQuoting.quoted(missing(name)));
      fails("hostile name of a missing role", m -> scope(m, "Role", null, List.of(missing(name))),
          Reason.ROLE_NOT_FOUND, SqlQuoting.quoted(missing(name)));
    }
    for (String name : NAMES.subList(0, 3)) {
      add("hostile names in a DryRun policy", m -> {
        scope(m, "Database", List.of(name), null);
        spec(m).put("mode", "DryRun");
      }, "True", Reason.DRY_RUN, null, List.of(), Map.of());
    }
  }

  private void hostilePgauditRoleValues() {
    for (int i = 0; i < 12; i++) {
      String value = NAMES.get(i);
      String role = "bi_rv_" + i;
      roles.add(role);
      SqlTarget target = new SqlTarget.Role(role);
      List<BadInput.Intended> intended = new ArrayList<>(intended(target, PgAuditSetting.LOG, "read"));
      intended.addAll(intended(target, PgAuditSetting.ROLE, value));
      add("hostile pgaudit.role value", m -> {
        scope(m, "Role", null, List.of(role));
        at(m, "spec", "settings").put("role", value);
      }, "True", Reason.RECONCILED, null, intended, Map.of(target, Map.of("pgaudit.log", "read", "pgaudit.role", value)));
      edit(new BadInput.Edit("settings.role removed", p -> p.getSpec().getSettings().setRole(null), "True",
          Reason.RECONCILED, Map.of(target, Map.of("pgaudit.log", "read")), Map.of(target, List.of("pgaudit.role"))));
    }
  }

  private void hostileAivenAndSecretNames() {
    for (String name : List.of("../../etc", ".", "..", "pg-1/integration", "pg?x=1", "pg#frag", "ünï", "%2e%2e", "a b")) {
      add("hostile or missing Aiven service name", m -> {
        at(m, "spec", "service").put("serviceName", name);
        serviceScope(m);
      }, "False", Reason.SERVICE_NOT_FOUND, name, List.of(), Map.of(), false);
    }
    for (String project : List.of("..", ".", "acme/../other", "ünï", "a b")) {
      fails("hostile or missing Aiven project", m -> {
        at(m, "spec", "service").put("project", project);
        serviceScope(m);
      }, Reason.SERVICE_NOT_FOUND, project);
    }
    for (String secret : List.of("../kube-system/x", "no-such-secret", "ünï")) {
      fails("missing or hostile token Secret", m -> {
        at(m, "spec", "authSecretRef").put("name", secret);
        serviceScope(m);
      }, Reason.SECRET_MISSING, secret);
    }
    for (String key : List.of("../token", "tok en")) {
      fails("missing or hostile token Secret key", m -> {
        at(m, "spec", "authSecretRef").put("key", key);
        serviceScope(m);
      }, Reason.SECRET_MISSING, key);
    }
    fails("missing connection Secret", m -> at(m, "spec", "connection", "secretRef").put("name", "no-such-conn"),
        Reason.SECRET_MISSING, "no-such-conn");
    for (String os : List.of("os-nope", "../os", "ünï")) {
      fails("missing or hostile OpenSearch service", m -> {
        serviceScope(m);
        at(m, "spec", "sink", "opensearch").put("serviceName", os);
      }, Reason.SINK_DESTINATION_NOT_FOUND, os);
    }
  }

  private void sinkToAServiceThatIsNotOpenSearch() {
    add("sink to a service that is not OpenSearch", m -> {
      serviceScope(m);
      // the policy's own service: a pg service, which Aiven refuses as a logs destination
      at(m, "spec", "sink", "opensearch").put("serviceName", m.path("spec").path("service").path("serviceName").asText());
    }, "False", Reason.AIVEN_API_ERROR, "was rejected by Aiven", List.of(), Map.of());
  }

  private void postgresOwnTargets() {
    fails("PostgreSQL's own databases and roles", m -> scope(m, "Database", List.of("postgres"), null),
        Reason.NOT_OWNER, "postgres");
    fails("PostgreSQL's own databases and roles", m -> scope(m, "Database", List.of("template1"), null),
        Reason.NOT_OWNER, "template1");
    fails("PostgreSQL's own databases and roles", m -> scope(m, "Role", null, List.of("postgres")),
        Reason.MISSING_PRIVILEGE, "postgres");
    fails("PostgreSQL's own databases and roles", m -> scope(m, "DatabaseRole", List.of("defaultdb"), List.of("postgres")),
        Reason.MISSING_PRIVILEGE, "postgres");
    sql("PostgreSQL's own databases and roles", new SqlTarget.Role("avnadmin"), "read");
  }

  private void oddButValidLists() {
    databases.add("Repeated");
    SqlTarget mixed = new SqlTarget.Database("Repeated");
    add("repeated names and classes", m -> {
      scope(m, "Database", List.of("Repeated", "Repeated"), null);
      spec(m).set("log", array("misc", "misc"));
    }, "True", Reason.RECONCILED, null, intended(mixed, PgAuditSetting.LOG, "misc, misc"),
        Map.of(mixed, Map.of("pgaudit.log", "misc, misc")));
    fails("a name differing only in case", m -> scope(m, "Database", List.of("mixedcase"), null),
        Reason.DATABASE_NOT_FOUND, "mixedcase");
    int i = 0;
    for (List<String> classes : List.of(List.of("none", "all"), List.of("-all", "read"), List.of("all", "-all"))) {
      String db = "bi_cls_" + i++;
      databases.add(db);
      SqlTarget target = new SqlTarget.Database(db);
      String value = String.join(", ", classes);
      add("contradictory log classes at SQL scope", m -> {
        scope(m, "Database", List.of(db), null);
        spec(m).set("log", array(classes.toArray()));
      }, "True", Reason.RECONCILED, null, intended(target, PgAuditSetting.LOG, value), Map.of(target, Map.of("pgaudit.log", value)));
    }
  }

  /**
   * Connection Secrets with one unusable field each: each ends as InvalidSecret naming the Secret
   * and the key (never the value) before anything connects, and is deleted through the bounded
   * cleanup. A PEM block that is not a certificate stands for a wrong file pasted as the CA.
   */
  private void badConnectionSecrets() {
    String pw = BAD_SECRET_PASSWORD;
    String uriBase = "postgres://avnadmin:" + pw + "@pg.invalid";
    String[][] fields = {
        {"port", "54x32"}, {"port", "70000"}, {"port", "-1"}, {"sslmode", "strict"}, {"sslmode", ""},
        {"user", ""}, {"user", "   "}, {"host", "pg.invalid/db?x="}, {"host", " "}, {"dbname", "orders\u0001"},
        {"sslrootcert", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB8=\n-----END PRIVATE KEY-----\n"},
        {"sslrootcert", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"},
        {"sslrootcert", "/etc/ssl/certs/ca-certificates.crt"},
        {"uri", "postgres://avnadmin:" + pw + "@pg invalid/defaultdb"}, {"uri", uriBase + ":54x32/defaultdb"},
        {"uri", "mysql://avnadmin:" + pw + "@pg.invalid/defaultdb"}, {"uri", "postgres://:" + pw + "@pg.invalid/defaultdb"},
        {"uri", uriBase + "/defaultdb?sslmode=on"}, {"uri", uriBase + ":99999/defaultdb"},
        {"uri", "postgres://avnadmin:" + pw + "%FF@pg.invalid/defaultdb"}, {"uri", "not a uri at all"},
    };
    for (String[] field : fields) {
      Map<String, byte[]> data = new LinkedHashMap<>();
      if (!field[0].equals("uri")) {
        data.putAll(utf8(Map.of("host", "pg.invalid", "port", "5432", "user", "avnadmin", "password", pw)));
      }
      data.put(field[0], utf8(field[1]));
      badConnection("unusable value in a connection Secret (" + field[0] + ")", field[0], data);
    }
    Map<String, byte[]> password = new LinkedHashMap<>(utf8(Map.of("host", "pg.invalid", "user", "avnadmin")));
    password.put("password", new byte[] {'p', (byte) 0xC3, (byte) 0x28, 'w'});
    badConnection("bytes that are not UTF-8 in a Secret", "password", password);
    badConnection("bytes that are not UTF-8 in a Secret", "uri", Map.of("uri", new byte[] {'p', 'o', (byte) 0xFF}));
  }

  private void badConnection(String klass, String key, Map<String, byte[]> data) {
    String name = "bad-conn-" + (secrets.size() + 1);
    secrets.put(name, data);
    fails(klass, m -> at(m, "spec", "connection", "secretRef").put("name", name), Reason.INVALID_SECRET, name + " key " + key);
  }

  /** Token Secrets whose value cannot be a token: empty, blank, not UTF-8, or able to split an HTTP header. */
  private void badTokenSecrets() {
    List<byte[]> tokens = List.of(utf8(""), utf8(" \n\t "), new byte[] {'t', (byte) 0xFF, 'k'}, utf8("abc\r\nX-Evil: 1"),
        utf8("two words"), utf8("tökén"));
    for (byte[] token : tokens) {
      String name = "bad-token-" + (secrets.size() + 1);
      secrets.put(name, Map.of("token", token));
      boolean blank = new String(token, StandardCharsets.UTF_8).isBlank();
      fails(blank ? "empty token Secret" : "unusable token Secret", m -> {
            at(m, "spec", "authSecretRef").put("name", name);
            serviceScope(m);
          }, Reason.INVALID_SECRET, name + " key token");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> utf8(Map<String, String> values) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, utf8(v)));
    return out;
  }

  /** An Enforce policy writing pgaudit.log = {@code log} on an existing target. */
  private void sql(String klass, SqlTarget target, String log) {
    add(klass, m -> {
      if (target instanceof SqlTarget.Database d) scope(m, "Database", List.of(d.database()), null);
      if (target instanceof SqlTarget.Role r) scope(m, "Role", null, List.of(r.role()));
      if (target instanceof SqlTarget.RoleInDatabase rd) scope(m, "DatabaseRole", List.of(rd.database()), List.of(rd.role()));
      spec(m).set("log", array(log));
    }, "True", Reason.RECONCILED, null, intended(target, PgAuditSetting.LOG, log), Map.of(target, Map.of("pgaudit.log", log)));
  }

  private void fails(String klass, Consumer<ObjectNode> change, String reason, String mustName) {
    add(klass, change, "False", reason, mustName, List.of(), Map.of());
  }

  private void add(String klass, Consumer<ObjectNode> change, String status, String reason, String mustName,
      List<BadInput.Intended> intended, Map<SqlTarget, Map<String, String>> stored) {
    add(klass, change, status, reason, mustName, intended, stored, true);
  }

  private void add(String klass, Consumer<ObjectNode> change, String status, String reason, String mustName,
      List<BadInput.Intended> intended, Map<SqlTarget, Map<String, String>> stored, boolean ownService) {
    String id = "bi-" + (cases.size() + 1);
    String service = "pg-" + id;
    ObjectNode m = BadInput.base(id, service);
    change.accept(m);
    String created = ownService ? m.path("spec").path("service").path("serviceName").asText() : null;
    cases.add(new BadInput(id, klass, m, false, created, status, reason, mustName, intended, new LinkedHashMap<>(stored),
        BadInput.Edit.forOutcome(reason, stored)));
  }

  /** Replaces the last case's edit. */
  private void edit(BadInput.Edit edit) {
    BadInput last = cases.remove(cases.size() - 1);
    cases.add(new BadInput(last.id(), last.klass(), last.manifest(), false, last.service(), last.readyStatus(),
        last.readyReason(), last.mustName(), last.intended(), last.stored(), edit));
  }

  private static List<BadInput.Intended> intended(SqlTarget target, PgAuditSetting setting, String value) {
    return List.of(new BadInput.Intended(target, SettingStatements.set(target, setting, value)),
        new BadInput.Intended(target, SettingStatements.reset(target, setting)));
  }

  private static void serviceScope(ObjectNode m) {
    spec(m).putObject("scope").put("level", "Service");
  }

  private static void scope(ObjectNode m, String level, List<String> databases, List<String> roles) {
    ObjectNode scope = spec(m).putObject("scope").put("level", level);
    if (databases != null) scope.set("databases", array(databases.toArray()));
    if (roles != null) scope.set("roles", array(roles.toArray()));
  }
}
