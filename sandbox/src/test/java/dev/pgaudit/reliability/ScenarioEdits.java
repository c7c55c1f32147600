package dev.pgaudit.reliability;

import static dev.pgaudit.operator.api.AuditClass.WRITE;

import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import java.util.List;
import java.util.function.Consumer;

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

  /** One edit: what it does, for the report, and the change. */
  record Edit(String description, Consumer<Fleet> change) {}

  static Edit narrowDatabases() {
    return new Edit("a-db: database a2 removed from scope.databases",
        f -> f.edit("a-db", p -> p.getSpec().getScope().setDatabases(List.of(f.db.get("a1")))));
  }

  static Edit removeRole() {
    return new Edit("b-role: role b1 removed from scope.roles",
        f -> f.edit("b-role", p -> p.getSpec().getScope().setRoles(List.of(f.role.get("b2")))));
  }

  static Edit databaseToRoleScope() {
    return new Edit("c-db: Database scope → Role scope (role x1)",
        f -> f.edit("c-db", p -> p.getSpec().setScope(new Scope(ScopeLevel.Role, null, List.of(f.role.get("x1"))))));
  }

  static Edit sinkRemovedButShared() {
    return new Edit("a-svc: sink removed (its integration stays: a-dbrole uses it)",
        f -> f.edit("a-svc", p -> p.getSpec().setSink(null)));
  }

  static Edit renameRoleInDatabase() {
    return new Edit("d-dbrole: role d2 → x2 in database d2 (x2 had a DBA's pgaudit.log there)",
        f -> f.edit("d-dbrole", p -> p.getSpec().getScope().setRoles(List.of(f.role.get("x2")))));
  }

  static Edit lastSinkRemoved() {
    return new Edit("a-dbrole: sink removed (no policy uses the integration any more: deleted)",
        f -> f.edit("a-dbrole", p -> p.getSpec().setSink(null)));
  }

  static Edit narrowDatabaseRolePairs() {
    return new Edit("b-dbrole: database b2 removed from scope.databases",
        f -> f.edit("b-dbrole", p -> p.getSpec().getScope().setDatabases(List.of(f.db.get("b3")))));
  }

  static Edit adoptedSinkRemovedButShared() {
    return new Edit("e-db: sink removed (the adopted hand-made integration stays: e-svc uses it)",
        f -> f.edit("e-db", p -> p.getSpec().setSink(null)));
  }

  static Edit serviceMoved() {
    return new Edit("a-svc-share: spec.service A → B, log classes as B's (A's log_rows released, pgaudit.log shared)",
        f -> f.edit("a-svc-share", p -> {
          p.getSpec().setService(new ServiceRef(OperatorTestEnv.PROJECT, f.service('b')));
          p.getSpec().setLog(List.of(WRITE));
        }));
  }

  static Edit databaseRoleToDatabaseScope() {
    return new Edit("c-dbrole: DatabaseRole scope → Database scope (database x1)",
        f -> f.edit("c-dbrole", p -> p.getSpec().setScope(new Scope(ScopeLevel.Database, List.of(f.db.get("x1")), null))));
  }

  static Edit sinkMoved() {
    return new Edit("b-db: sink moved to the other OpenSearch service",
        f -> f.edit("b-db", p -> p.getSpec().getSink().getOpensearch().setServiceName(Fleet.ARCHIVE)));
  }

  static Edit serviceToDatabaseScope() {
    return new Edit("e-svc: Service scope → Database scope (database x2; E's service keys released)",
        f -> f.edit("e-svc", p -> {
          p.getSpec().setScope(new Scope(ScopeLevel.Database, List.of(f.db.get("x2")), null));
          // the Service-scope knob: pgaudit 1.7 (PostgreSQL 15) has no such setting per database
          p.getSpec().getSettings().setLogParameterMaxSize(null);
        }));
  }
}
