package dev.pgaudit.reliability;

import static dev.pgaudit.operator.api.AuditClass.ALL;
import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.FUNCTION;
import static dev.pgaudit.operator.api.AuditClass.MISC;
import static dev.pgaudit.operator.api.AuditClass.MISC_SET;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.OperatorTestEnv.PROJECT;
import static dev.pgaudit.operator.reconcile.OperatorTestEnv.quote;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.operator.reconcile.PolicyBuilder;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.Condition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The policies the fault suite keeps alive: 23 policies in two namespaces over five services,
 * covering every scope, shared slots (two Service-scope policies sharing pgaudit.log, two
 * policies sharing one integration), two OpenSearch destinations, a second token, a connection
 * Secret and two DryRun policies. Every policy owns one "knob" setting no other policy touches, so
 * {@link #bumpAll} can make all of them re-apply without ever making two of them conflict.
 */
final class Fleet {
  static final String TOKEN_D = "sim-token-d-51be07c3";
  static final String TOKEN_D_SECRET = "token-d";
  static final String CONNECTION_SECRET = "pg-conn";
  static final String ARCHIVE = "os-archive";

  /** One policy: where it lives and how a round changes it. */
  record Member(String ns, String name, String service, BiConsumer<PgAuditPolicy, Integer> knob) {
    String key() { return ns + "/" + name; }
  }

  private final OperatorTestEnv env;
  final String ns1;
  final String ns2;
  final List<String> services = new ArrayList<>();
  final Map<String, String> db = new java.util.LinkedHashMap<>();
  final Map<String, String> role = new java.util.LinkedHashMap<>();
  final List<Member> members = new ArrayList<>();
  private int round = 1;

  Fleet(OperatorTestEnv env) {
    this.env = env;
    this.ns1 = env.namespace();
    this.ns2 = env.namespace();
    env.aiven.addToken(TOKEN_D);
    env.aiven.addOpenSearchService(PROJECT, ARCHIVE);
    for (int i = 0; i < 5; i++) services.add(env.pgService());
    for (String hint : List.of("a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3", "d1", "d2", "e1", "by", "by2",
        "x1", "x2")) {
      db.put(hint, env.database("db_" + hint));
    }
    for (String hint : List.of("a1", "a2", "b1", "b2", "c1", "c2", "d1", "d2", "by", "x1", "x2")) role.put(hint, env.role("r_" + hint));
    putTokenD();
    putConnectionSecret();
  }

  void putTokenD() {
    env.putSecret(ns2, TOKEN_D_SECRET, Map.of("token", TOKEN_D));
  }

  void putConnectionSecret() {
    PgLogin p = env.pg.avnadminParams();
    String uri = "postgres://" + p.user() + ":" + URLEncoder.encode(p.password(), StandardCharsets.UTF_8) + "@"
        + p.host() + ":" + p.port() + "/" + p.dbname() + "?sslmode=disable";
    env.putSecret(ns2, CONNECTION_SECRET, Map.of("uri", uri));
  }

  String service(char letter) {
    return services.get(letter - 'a');
  }

  /**
   * Values outside what any policy manages, which every scenario must leave as they are, and
   * values someone else set where policies will write (a DBA's settings, a Console-enabled
   * feature and service key, a hand-made integration that gets adopted), which must come back
   * when the policies go.
   */
  void seedBystanders() {
    for (int i = 0; i < services.size(); i++) {
      env.aiven.putUserConfigDirectly(PROJECT, services.get(i), Map.of("backup_hour", 3 + i, "work_mem", 64,
          "pg", Map.of("max_connections", 100 + i), "ip_filter", List.of("10.0.0.0/8", "192.168.0.0/16")));
    }
    env.aiven.putUserConfigDirectly(PROJECT, service('b'), Map.of("pgaudit", Map.of("log_level", "notice")));
    env.aiven.putUserConfigDirectly(PROJECT, service('c'), Map.of("pgaudit", Map.of("log_client", true, "log", List.of("ddl"))));
    env.aiven.putUserConfigDirectly(PROJECT, service('e'), Map.of("pgaudit", Map.of("feature_enabled", true)));
    env.aiven.addLogsIntegration(PROJECT, service('e'), PROJECT, ARCHIVE,
        Map.of("elasticsearch_index_prefix", "handmade-e", "elasticsearch_index_days_max", 9));
    env.sqlAsSuperuser(
        "ALTER DATABASE " + quote(db.get("a1")) + " SET work_mem = '8MB'",
        "ALTER DATABASE " + quote(db.get("a2")) + " SET pgaudit.log_relation = 'on'",
        "ALTER ROLE " + quote(role.get("b1")) + " SET statement_timeout = '5s'",
        "ALTER ROLE " + quote(role.get("c2")) + " IN DATABASE " + quote(db.get("c2")) + " SET work_mem = '2MB'",
        "ALTER DATABASE " + quote(db.get("by")) + " SET pgaudit.log = 'write'",
        "ALTER DATABASE " + quote(db.get("by2")) + " SET pgaudit.log = 'read'",
        "ALTER ROLE " + quote(role.get("by")) + " SET pgaudit.log = 'ddl'",
        "ALTER ROLE " + quote(role.get("by")) + " IN DATABASE " + quote(db.get("by")) + " SET pgaudit.log_rows = 'on'",
        "ALTER DATABASE " + quote(db.get("d1")) + " SET pgaudit.log = 'read'",
        "ALTER ROLE " + quote(role.get("c1")) + " SET pgaudit.log = 'ddl'",
        "ALTER ROLE " + quote(role.get("x2")) + " IN DATABASE " + quote(db.get("d2")) + " SET pgaudit.log = 'misc'");
  }

  void create() {
    // Service A: two Service-scope policies sharing pgaudit.log, SQL scopes, one integration shared by two policies.
    add(ns1, "a-svc", 'a', b -> b.serviceScope().log(DDL, ROLE).sink(OperatorTestEnv.OPENSEARCH, "audit-a", 3), Fleet::knob);
    add(ns1, "a-svc-share", 'a', b -> b.serviceScope().log(ROLE, DDL), Fleet::rows);
    add(ns1, "a-db", 'a', b -> b.databases(db.get("a1"), db.get("a2")).log(READ, WRITE), Fleet::knob);
    add(ns1, "a-role", 'a', b -> b.roles(role.get("a1")).log(DDL), Fleet::knob);
    add(ns1, "a-dbrole", 'a', b -> b.rolesInDatabases(List.of(role.get("a2")), List.of(db.get("a3"))).log(WRITE)
        .sink(OperatorTestEnv.OPENSEARCH, "audit-a", 3), Fleet::knob);
    add(ns1, "a-dry", 'a', b -> b.roles(role.get("by")).log(ALL).dryRun(), Fleet::client);
    // Service B: policies in both namespaces.
    add(ns2, "b-svc", 'b', b -> b.serviceScope().log(WRITE), Fleet::knob);
    add(ns1, "b-db", 'b', b -> b.databases(db.get("b1")).log(ALL).sink(OperatorTestEnv.OPENSEARCH, "audit-b", 7), Fleet::knob);
    add(ns2, "b-role", 'b', b -> b.roles(role.get("b1"), role.get("b2")).log(READ), Fleet::knob);
    add(ns1, "b-dbrole", 'b', b -> b.rolesInDatabases(List.of(role.get("b1")), List.of(db.get("b2"), db.get("b3")))
        .log(MISC), Fleet::knob);
    add(ns2, "b-dry", 'b', b -> b.databases(db.get("by2")).log(ALL).dryRun(), Fleet::client);
    // Service C: the other OpenSearch service, and a policy connecting through its own Secret.
    add(ns2, "c-svc", 'c', b -> b.serviceScope().log(READ, WRITE, DDL).sink(ARCHIVE, "audit-c", 5), Fleet::knob);
    add(ns2, "c-db", 'c', b -> b.databases(db.get("c1")).log(FUNCTION), Fleet::knob);
    add(ns2, "c-role", 'c', b -> b.roles(role.get("c1")).log(ROLE), Fleet::knob);
    add(ns2, "c-dbrole", 'c', b -> b.rolesInDatabases(List.of(role.get("c2")), List.of(db.get("c2"))).log(READ), Fleet::knob);
    add(ns2, "c-conn", 'c', b -> b.databases(db.get("c3")).log(DDL).connection(CONNECTION_SECRET), Fleet::knob);
    // Service D: every policy uses the second token.
    UnaryOperator<PolicyBuilder> d = b -> b.token(TOKEN_D_SECRET, "token");
    add(ns2, "d-svc", 'd', b -> d.apply(b).serviceScope().log(ALL), Fleet::knob);
    add(ns2, "d-db", 'd', b -> d.apply(b).databases(db.get("d1")).log(WRITE, DDL), Fleet::knob);
    add(ns2, "d-role", 'd', b -> d.apply(b).roles(role.get("d1")).log(MISC_SET), Fleet::knob);
    add(ns2, "d-dbrole", 'd', b -> d.apply(b).rolesInDatabases(List.of(role.get("d2")), List.of(db.get("d2"))).log(READ),
        Fleet::knob);
    add(ns2, "d-dry", 'd', b -> d.apply(b).serviceScope().log(ALL).sink(ARCHIVE, "audit-d", 2).dryRun(), Fleet::client);
    // Service E: a Service-scope and a Database-scope policy sharing one integration.
    add(ns1, "e-svc", 'e', b -> b.serviceScope().log(DDL).sink(ARCHIVE, "audit-e", 4), Fleet::knob);
    add(ns1, "e-db", 'e', b -> b.databases(db.get("e1")).log(READ).sink(ARCHIVE, "audit-e", 4), Fleet::knob);
  }

  private void add(String ns, String name, char service, UnaryOperator<PolicyBuilder> shape,
      BiConsumer<PgAuditPolicy, Integer> knob) {
    PgAuditPolicy policy = shape.apply(PolicyBuilder.policy(ns, name, service(service))).build();
    knob.accept(policy, round);
    members.add(new Member(ns, name, service(service), knob));
    env.create(policy);
  }

  /**
   * Changes every policy's spec (its own knob), so that all of them re-apply, and makes
   * {@code edit} to its policy in the same update as the knob (edit first: the knob follows the scope).
   */
  void bumpAll(ScenarioEdits.Edit edit) {
    round++;
    for (Member m : members) {
      env.edit(m.ns(), m.name(), p -> {
        if (edit != null && edit.policy().equals(m.name())) edit.change().accept(this, p);
        m.knob().accept(p, round);
      });
    }
  }

  /** Changes one policy's spec beyond its knob (e.g. to add a sink); the change stays for later rounds. */
  void edit(String name, java.util.function.Consumer<PgAuditPolicy> change) {
    Member m = member(name);
    env.edit(m.ns(), m.name(), change::accept);
  }

  Member member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** Deletes every policy (deletionPolicy Delete: each releases what it wrote). */
  void deleteAll() {
    for (Member m : members) env.delete(m.ns(), m.name());
  }

  long goneCount() {
    return members.stream().filter(m -> env.client.resources(PgAuditPolicy.class).inNamespace(m.ns()).withName(m.name())
        .get() == null).count();
  }

  List<PgAuditPolicy> policies() {
    return members.stream().map(m -> env.get(m.ns(), m.name())).toList();
  }

  /** Ready=True at the current generation, with reason Reconciled (Enforce) or DryRun. */
  static boolean converged(PgAuditPolicy p) {
    if (p == null || p.getStatus() == null) return false;
    String reason = p.getSpec().getMode() == Mode.DryRun ? Conditions.Reason.DRY_RUN : Conditions.Reason.RECONCILED;
    return readyCondition(p)
        .filter(c -> "True".equals(c.getStatus()) && reason.equals(c.getReason()))
        .filter(c -> p.getMetadata().getGeneration().equals(c.getObservedGeneration()))
        .isPresent();
  }

  static java.util.Optional<Condition> readyCondition(PgAuditPolicy p) {
    if (p == null || p.getStatus() == null) return java.util.Optional.empty();
    return p.getStatus().getConditions().stream().filter(c -> Conditions.READY.equals(c.getType())).findFirst();
  }

  long convergedCount() {
    return policies().stream().filter(Fleet::converged).count();
  }

  /**
   * Service scope: pgaudit.log_parameter_max_size (an Aiven key). SQL scopes: log_statement_once,
   * because pgaudit 1.7 (PostgreSQL 15) has no log_parameter_max_size to store per database or role.
   */
  private static void knob(PgAuditPolicy p, int round) {
    if (p.getSpec().getScope().getLevel() == dev.pgaudit.operator.api.ScopeLevel.Service) {
      settings(p).setLogParameterMaxSize(10 * round);
    } else {
      settings(p).setLogStatementOnce(round % 2 == 0);
    }
  }

  private static void rows(PgAuditPolicy p, int round) {
    settings(p).setLogRows(round % 2 == 0);
  }

  private static void client(PgAuditPolicy p, int round) {
    settings(p).setLogClient(round % 2 == 0);
  }

  private static dev.pgaudit.operator.api.AuditSettings settings(PgAuditPolicy p) {
    if (p.getSpec().getSettings() == null) p.getSpec().setSettings(new dev.pgaudit.operator.api.AuditSettings());
    return p.getSpec().getSettings();
  }
}
