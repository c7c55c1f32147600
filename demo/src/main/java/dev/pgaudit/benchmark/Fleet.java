package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.api.Sink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The policies of a workload and the PostgreSQL objects they need. Each simulated service gets its
 * own namespace, databases and roles; its first policy has Service scope and the only sink, the
 * others cycle through Database, Role and DatabaseRole scopes, so that no two policies conflict
 * (a conflict is the same setting on the same target with different values). Databases follow the
 * {@link Layout}. With one project, policies use the operator's default token; with several, each
 * project has a token of its own, in a Secret of each of its services' namespaces. PostgreSQL
 * credentials are avnadmin's, from the Aiven API.
 */
final class Fleet {
  static final String PROJECT = "bench";
  static final String OPENSEARCH = "os-audit";
  /** The Secret (key {@code token}) holding the project's Aiven token, when projects have tokens of their own. */
  static final String TOKEN_SECRET = "aiven-token";
  /**
   * The most databases the {@link Layout#OWN} layout may create: each CREATE DATABASE copies template1
   * (about 7.5 MB), so 10,000 × 1,000 in it would copy 3,000 of them (22 GB, minutes of set-up).
   */
  static final int OWN_DATABASES_UP_TO = 1_000;

  enum Kind { SERVICE, DATABASE, ROLE, DATABASE_ROLE }

  /** Where Database policies set their settings. */
  enum Layout {
    /** Each Database policy on a database of its own (the shape of the reports up to 1,000 × 100). */
    OWN,
    /**
     * The Database policies of a service share its database, up to {@link DatabaseSetting#values()}
     * of them per database: they agree on pgaudit.log (one setting, one value) and each manages one
     * more setting no other policy manages, so they merge without conflict.
     */
    SHARED;

    /** OWN unless it would need more than {@link #OWN_DATABASES_UP_TO} databases. */
    static Layout of(Workload workload) {
      long databases = 0;
      for (int s = 0; s < workload.services(); s++) databases += (workload.policiesOn(s) - 1 + 2) / 3; // i = 1, 4, 7, …
      return databases <= OWN_DATABASES_UP_TO ? OWN : SHARED;
    }
  }

  /** The setting a Database policy manages besides pgaudit.log, on/off. */
  enum DatabaseSetting {
    LOG_RELATION("pgaudit.log_relation", AuditSettings::getLogRelation, AuditSettings::setLogRelation),
    LOG_CATALOG("pgaudit.log_catalog", AuditSettings::getLogCatalog, AuditSettings::setLogCatalog),
    LOG_ROWS("pgaudit.log_rows", AuditSettings::getLogRows, AuditSettings::setLogRows),
    LOG_STATEMENT_ONCE("pgaudit.log_statement_once", AuditSettings::getLogStatementOnce, AuditSettings::setLogStatementOnce),
    LOG_PARAMETER("pgaudit.log_parameter", AuditSettings::getLogParameter, AuditSettings::setLogParameter);

    final String parameter;
    private final Function<AuditSettings, Boolean> getter;
    private final BiConsumer<AuditSettings, Boolean> setter;

    DatabaseSetting(String parameter, Function<AuditSettings, Boolean> getter, BiConsumer<AuditSettings, Boolean> setter) {
      this.parameter = parameter;
      this.getter = getter;
      this.setter = setter;
    }

    void set(AuditSettings settings, boolean on) { setter.accept(settings, on); }

    /** Turns it off if it is on, else on: a change of exactly this setting. */
    void flip(AuditSettings settings) { setter.accept(settings, !Boolean.TRUE.equals(getter.apply(settings))); }
  }

  /**
   * One policy: where it lives, what it targets, the setting a Database policy manages besides
   * pgaudit.log ({@code databaseSetting}, else null) and the Secret of its Aiven token (null: the
   * operator's default token).
   */
  record Member(int service, String project, Kind kind, int ordinal, String namespace, String name, List<String> databases,
      List<String> roles, boolean sink, DatabaseSetting databaseSetting, String tokenSecret) {

    String key() { return namespace + "/" + name; }

    String serviceName() { return Fleet.serviceName(service); }

    /** Database/role targets: one each here (DatabaseRole: one role in one database). */
    int sqlTargets() { return kind == Kind.SERVICE ? 0 : 1; }

    /** The (target, setting) pairs it manages, e.g. "database s000_db0: pgaudit.log"; peers may share some. */
    List<String> sqlSettings() {
      return switch (kind) {
        case SERVICE -> List.of();
        case DATABASE -> {
          String target = "database " + databases.get(0) + ": ";
          yield List.of(target + "pgaudit.log", target + databaseSetting.parameter);
        }
        case ROLE -> List.of("role " + roles.get(0) + ": pgaudit.log");
        case DATABASE_ROLE -> {
          String target = "role " + roles.get(0) + " in database " + databases.get(0) + ": ";
          yield List.of(target + "pgaudit.log", target + "pgaudit.log_parameter");
        }
      };
    }

    PgAuditPolicy manifest() {
      PgAuditPolicySpec spec = new PgAuditPolicySpec();
      spec.setService(new ServiceRef(project, serviceName()));
      if (tokenSecret != null) spec.setAuthSecretRef(new SecretKeyRef(tokenSecret, "token"));
      AuditSettings settings = new AuditSettings();
      switch (kind) {
        case SERVICE -> {
          spec.setScope(new Scope(ScopeLevel.Service, null, null));
          spec.setLog(new ArrayList<>(List.of(AuditClass.DDL, AuditClass.ROLE)));
          settings.setLogCatalog(false);
        }
        case DATABASE -> {
          spec.setScope(new Scope(ScopeLevel.Database, databases, null));
          spec.setLog(new ArrayList<>(List.of(AuditClass.READ, AuditClass.WRITE)));
          // Off for log_catalog (pgaudit's default is on), on for the others: each a change from the default.
          databaseSetting.set(settings, databaseSetting != DatabaseSetting.LOG_CATALOG);
        }
        case ROLE -> {
          spec.setScope(new Scope(ScopeLevel.Role, null, roles));
          spec.setLog(new ArrayList<>(List.of(AuditClass.DDL, AuditClass.ROLE)));
        }
        case DATABASE_ROLE -> {
          spec.setScope(new Scope(ScopeLevel.DatabaseRole, databases, roles));
          spec.setLog(new ArrayList<>(List.of(AuditClass.WRITE)));
          settings.setLogParameter(true);
        }
      }
      spec.setSettings(settings);
      if (sink) {
        OpenSearchSink os = new OpenSearchSink();
        os.setServiceName(OPENSEARCH);
        os.setIndexPrefix("audit");
        os.setIndexDaysMax(3);
        spec.setSink(new Sink(os));
      }
      PgAuditPolicy policy = new PgAuditPolicy();
      policy.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
      policy.setSpec(spec);
      return policy;
    }
  }

  private final Workload workload;
  private final Layout layout;
  private final List<Member> members = new ArrayList<>();
  private final List<String> databases = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();

  /** The layout the workload's size calls for ({@link Layout#of}). */
  Fleet(Workload workload) {
    this(workload, Layout.of(workload));
  }

  Fleet(Workload workload, Layout layout) {
    this.workload = workload;
    this.layout = layout;
    for (int s = 0; s < workload.services(); s++) addService(s, workload.policiesOn(s));
  }

  private void addService(int s, int count) {
    String ns = namespaceOf(s);
    String project = workload.projectOf(s);
    String token = ownTokens() ? TOKEN_SECRET : null;
    List<String> serviceDatabases = new ArrayList<>();
    int[] ordinals = new int[Kind.values().length];
    for (int i = 0; i < count; i++) {
      Kind kind = i == 0 ? Kind.SERVICE : List.of(Kind.DATABASE, Kind.ROLE, Kind.DATABASE_ROLE).get((i - 1) % 3);
      int k = ordinals[kind.ordinal()]++;
      String prefix = String.format(Locale.ROOT, "s%03d_", s);
      Member member = switch (kind) {
        case SERVICE -> new Member(s, project, kind, k, ns, "service-audit", List.of(), List.of(), true, null, token);
        case DATABASE -> {
          int perDatabase = layout == Layout.OWN ? 1 : DatabaseSetting.values().length;
          String db = prefix + "db" + k / perDatabase;
          if (k % perDatabase == 0) {
            serviceDatabases.add(db);
            databases.add(db);
          }
          DatabaseSetting setting = layout == Layout.OWN ? DatabaseSetting.LOG_RELATION : DatabaseSetting.values()[k % perDatabase];
          yield new Member(s, project, kind, k, ns, "db-" + k, List.of(db), List.of(), false, setting, token);
        }
        case ROLE -> {
          String role = prefix + "role" + k;
          roles.add(role);
          yield new Member(s, project, kind, k, ns, "role-" + k, List.of(), List.of(role), false, null, token);
        }
        case DATABASE_ROLE -> {
          String role = prefix + "app" + k;
          roles.add(role);
          // Reuses a database of a Database policy: a role inside a database is a target of its own.
          String db = serviceDatabases.get(k % serviceDatabases.size());
          yield new Member(s, project, kind, k, ns, "db-role-" + k, List.of(db), List.of(role), false, null, token);
        }
      };
      members.add(member);
    }
  }

  /** The Aiven token of a project that has one of its own. */
  static String tokenOf(String project) {
    return "bench-aiven-token-" + project;
  }

  static String serviceName(int s) {
    return String.format(Locale.ROOT, "pg-%03d", s);
  }

  static String namespaceOf(int s) {
    return String.format(Locale.ROOT, "team-%03d", s);
  }

  Workload workload() { return workload; }

  Layout layout() { return layout; }

  /**
   * With several projects each has an Aiven token of its own (a reading per (project, token), and
   * a rate limit per token, as the API has per user); with one, the operator's default token.
   */
  boolean ownTokens() { return workload.projects() > 1; }

  List<Member> members() { return members; }

  List<String> databases() { return databases; }

  List<String> roles() { return roles; }

  /** The databases of one service, in creation order. */
  List<String> databasesOf(int service) {
    return members.stream().filter(m -> m.service() == service && m.kind() == Kind.DATABASE)
        .flatMap(m -> m.databases().stream()).distinct().toList();
  }

  /** The roles of one service (Role and DatabaseRole policies' own), in creation order. */
  List<String> rolesOf(int service) {
    return members.stream().filter(m -> m.service() == service && (m.kind() == Kind.ROLE || m.kind() == Kind.DATABASE_ROLE))
        .flatMap(m -> m.roles().stream()).distinct().toList();
  }

  List<String> namespaces() {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < workload.services(); s++) out.add(namespaceOf(s));
    return out;
  }

  /** The Aiven projects of the workload's services. */
  List<String> projects() {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < Math.min(workload.services(), workload.projects()); s++) out.add(workload.projectOf(s));
    return out;
  }

  boolean hasSink(int service) {
    return members.stream().anyMatch(m -> m.service() == service && m.sink());
  }

  boolean hasSql(int service) {
    return members.stream().anyMatch(m -> m.service() == service && m.sqlTargets() > 0);
  }

  /** The first policy of this kind on the service, if it has one. */
  java.util.Optional<Member> find(int service, Kind kind, int ordinal) {
    return members.stream().filter(m -> m.service() == service && m.kind() == kind && m.ordinal() == ordinal).findFirst();
  }

  long countOf(Kind kind, int service) {
    return members.stream().filter(m -> m.service() == service && m.kind() == kind).count();
  }
}
