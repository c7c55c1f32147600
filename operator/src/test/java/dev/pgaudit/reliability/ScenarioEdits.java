package dev.pgaudit.reliability;

import static dev.pgaudit.operator.api.AuditClass.WRITE;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The edit each fault scenario makes while its fault lasts, the way people edit policies in Git:
 * a scope narrowed, a role renamed, a scope level changed, a sink removed or moved, a policy moved
 * to another service. Each releases something the old spec wrote; the suite then checks that
 * nothing the operator wrote is left where no policy asks for it. Targets are chosen so that no
 * two policies ever want the same setting with different values (all services share one
 * PostgreSQL), and two of them carry a DBA's value from before the operator came.
 */
final class ScenarioEdits {
  private ScenarioEdits() {}

  /**
   * One edit of one policy: what it does (for the report) and the change, made in the same update
   * as the policy's knob so that no spec in between (whose writes no final spec explains) exists.
   */
  record Edit(String description, String policy, BiConsumer<Fleet, PgAuditPolicy> change) {}

  static Edit narrowDatabases() {
    return new Edit("a-db: database a2 removed from scope.databases",
        "a-db", (f, p) -> p.getSpec().getScope().setDatabases(List.of(f.db.get("a1"))));
  }

  static Edit removeRole() {
    return new Edit("b-role: role b1 removed from scope.roles",
        "b-role", (f, p) -> p.getSpec().getScope().setRoles(List.of(f.role.get("b2"))));
  }

  static Edit databaseToRoleScope() {
    return new Edit("c-db: Database scope → Role scope (role x1)",
        "c-db", (f, p) -> p.getSpec().setScope(new Scope(ScopeLevel.Role, null, List.of(f.role.get("x1")))));
  }

  static Edit sinkRemovedButShared() {
    return new Edit("a-svc: sink removed (its integration stays: a-dbrole uses it)",
        "a-svc", (f, p) -> p.getSpec().setSink(null));
  }

  static Edit renameRoleInDatabase() {
    return new Edit("d-dbrole: role d2 → x2 in database d2 (x2 had a DBA's pgaudit.log there)",
        "d-dbrole", (f, p) -> p.getSpec().getScope().setRoles(List.of(f.role.get("x2"))));
  }

  static Edit lastSinkRemoved() {
    return new Edit("a-dbrole: sink removed (no policy uses the integration any more: deleted)",
        "a-dbrole", (f, p) -> p.getSpec().setSink(null));
  }

  static Edit narrowDatabaseRolePairs() {
    return new Edit("b-dbrole: database b2 removed from scope.databases",
        "b-dbrole", (f, p) -> p.getSpec().getScope().setDatabases(List.of(f.db.get("b3"))));
  }

  static Edit adoptedSinkRemovedButShared() {
    return new Edit("e-db: sink removed (the adopted hand-made integration stays: e-svc uses it)",
        "e-db", (f, p) -> p.getSpec().setSink(null));
  }

  static Edit serviceMoved() {
    return new Edit("a-svc-share: spec.service A → B, log classes as B's (A's log_rows released, pgaudit.log shared)",
        "a-svc-share", (f, p) -> {
          p.getSpec().setService(new ServiceRef(OperatorTestEnv.PROJECT, f.service('b')));
          p.getSpec().setLog(List.of(WRITE));
        });
  }

  static Edit databaseRoleToDatabaseScope() {
    return new Edit("c-dbrole: DatabaseRole scope → Database scope (database x1)",
        "c-dbrole", (f, p) -> p.getSpec().setScope(new Scope(ScopeLevel.Database, List.of(f.db.get("x1")), null)));
  }

  static Edit sinkMoved() {
    return new Edit("b-db: sink moved to the other OpenSearch service",
        "b-db", (f, p) -> p.getSpec().getSink().getOpensearch().setServiceName(Fleet.ARCHIVE));
  }

  static Edit serviceToDatabaseScope() {
    return new Edit("e-svc: Service scope → Database scope (database x2; E's service keys released)",
        "e-svc", (f, p) -> {
          p.getSpec().setScope(new Scope(ScopeLevel.Database, List.of(f.db.get("x2")), null));
          // the Service-scope knob: pgaudit 1.7 (PostgreSQL 15) has no such setting per database
          p.getSpec().getSettings().setLogParameterMaxSize(null);
        });
  }
}
