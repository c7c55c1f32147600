package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.api.Sink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policies of a workload and the PostgreSQL objects they need. Each simulated service gets its
 * own namespace, databases and roles; its first policy has Service scope and the only sink, the
 * others cycle through Database, Role and DatabaseRole scopes on targets of their own, so no two
 * policies conflict. Policies use the operator's default token and avnadmin from the Aiven API.
 */
final class Fleet {
  static final String PROJECT = "bench";
  static final String OPENSEARCH = "os-audit";

  enum Kind { SERVICE, DATABASE, ROLE, DATABASE_ROLE }

  /** One policy: where it lives, what it targets, and how many SQL settings it writes per target. */
  record Member(int service, String project, Kind kind, int ordinal, String namespace, String name, List<String> databases,
      List<String> roles, boolean sink) {

    String key() { return namespace + "/" + name; }

    String serviceName() { return Fleet.serviceName(service); }

    /** Database/role targets: one each here (DatabaseRole: one role in one database). */
    int sqlTargets() { return kind == Kind.SERVICE ? 0 : 1; }

    /** pgaudit settings written per target: pgaudit.log plus the extra setting some kinds carry. */
    int settingsPerTarget() {
      return switch (kind) {
        case SERVICE -> 0;
        case DATABASE, DATABASE_ROLE -> 2;
        case ROLE -> 1;
      };
    }

    PgAuditPolicy manifest() {
      PgAuditPolicySpec spec = new PgAuditPolicySpec();
      spec.setService(new ServiceRef(project, serviceName()));
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
          settings.setLogRelation(true);
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
  private final List<Member> members = new ArrayList<>();
  private final List<String> databases = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();

  Fleet(Workload workload) {
    this.workload = workload;
    for (int s = 0; s < workload.services(); s++) addService(s, workload.policiesOn(s));
  }

  private void addService(int s, int count) {
    String ns = namespaceOf(s);
    List<String> serviceDatabases = new ArrayList<>();
    int[] ordinals = new int[Kind.values().length];
    for (int i = 0; i < count; i++) {
      Kind kind = i == 0 ? Kind.SERVICE : List.of(Kind.DATABASE, Kind.ROLE, Kind.DATABASE_ROLE).get((i - 1) % 3);
      int k = ordinals[kind.ordinal()]++;
      String prefix = String.format(Locale.ROOT, "s%03d_", s);
      Member member = switch (kind) {
        case SERVICE -> new Member(s, workload.projectOf(s), kind, k, ns, "service-audit", List.of(), List.of(), true);
        case DATABASE -> {
          String db = prefix + "db" + k;
          serviceDatabases.add(db);
          databases.add(db);
          yield new Member(s, workload.projectOf(s), kind, k, ns, "db-" + k, List.of(db), List.of(), false);
        }
        case ROLE -> {
          String role = prefix + "role" + k;
          roles.add(role);
          yield new Member(s, workload.projectOf(s), kind, k, ns, "role-" + k, List.of(), List.of(role), false);
        }
        case DATABASE_ROLE -> {
          String role = prefix + "app" + k;
          roles.add(role);
          // Reuses a database of a Database policy: a role inside a database is a target of its own.
          String db = serviceDatabases.get(k % serviceDatabases.size());
          yield new Member(s, workload.projectOf(s), kind, k, ns, "db-role-" + k, List.of(db), List.of(role), false);
        }
      };
      members.add(member);
    }
  }

  static String serviceName(int s) {
    return String.format(Locale.ROOT, "pg-%03d", s);
  }

  static String namespaceOf(int s) {
    return String.format(Locale.ROOT, "team-%03d", s);
  }

  Workload workload() { return workload; }

  List<Member> members() { return members; }

  List<String> databases() { return databases; }

  List<String> roles() { return roles; }

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
