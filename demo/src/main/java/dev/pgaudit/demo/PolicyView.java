package dev.pgaudit.demo;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.reconcile.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the demo reads and shows one policy: its targets, its conditions as short cells, whether it converged. */
final class PolicyView {
  private PolicyView() {}

  static boolean isDryRun(PgAuditPolicy p) {
    return p.getSpec().getMode() == Mode.DryRun;
  }

  static Optional<Condition> condition(PgAuditPolicy p, String type) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) return Optional.empty();
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * Enforce: Ready=True, reason Reconciled, for the current generation. DryRun: Ready=True, reason
   * DryRun, with a non-empty plan (nothing is set yet on the demo's fresh service, so there is always a change).
   */
  static boolean converged(PgAuditPolicy p) {
    if (p.getStatus() == null || !Objects.equals(p.getStatus().getObservedGeneration(), p.getMetadata().getGeneration())) {
      return false;
    }
    String wantedReason = isDryRun(p) ? Conditions.Reason.DRY_RUN : Conditions.Reason.RECONCILED;
    boolean ready = condition(p, Conditions.READY)
        .filter(c -> "True".equals(c.getStatus()) && wantedReason.equals(c.getReason())).isPresent();
    boolean planned = !isDryRun(p) || (p.getStatus().getPlan() != null && !p.getStatus().getPlan().isEmpty());
    return ready && planned;
  }

  /** A condition as a table cell: "True", "-" (not applicable), or "status reason" otherwise. */
  static String cell(PgAuditPolicy p, String type) {
    return condition(p, type).map(c -> {
      if (Conditions.Reason.NOT_APPLICABLE.equals(c.getReason())) return "-";
      if ("True".equals(c.getStatus()) && Conditions.Reason.RECONCILED.equals(c.getReason())) return "True";
      return c.getStatus() + " " + c.getReason();
    }).orElse("");
  }

  static String readyMessage(PgAuditPolicy p) {
    return condition(p, Conditions.READY).map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .orElse("no status yet");
  }

  /** What the policy's settings land on, e.g. "reporting in billing". */
  static String targets(PgAuditPolicy p) {
    Scope scope = p.getSpec().getScope();
    return switch (scope.getLevel()) {
      case Service -> "service " + p.getSpec().getService().getServiceName();
      case Database -> "db " + String.join(", ", scope.getDatabases());
      case Role -> "role " + String.join(", ", scope.getRoles());
      case DatabaseRole -> "role " + String.join(", ", scope.getRoles()) + " in db " + String.join(", ", scope.getDatabases());
    };
  }

  static String logClasses(PgAuditPolicy p) {
    return p.getSpec().getLog().stream().map(c -> c.wire()).collect(Collectors.joining(","));
  }

  /** The (database, role) pairs of pg_db_role_setting a SQL-scope policy writes; "*" stands for "any". */
  static List<List<String>> sqlTargets(PgAuditPolicy p) {
    Scope scope = p.getSpec().getScope();
    List<String> databases = scope.getDatabases() == null || scope.getDatabases().isEmpty() ? List.of("*") : scope.getDatabases();
    List<String> roles = scope.getRoles() == null || scope.getRoles().isEmpty() ? List.of("*") : scope.getRoles();
    return switch (scope.getLevel()) {
      case Service -> List.of();
      case Database, Role, DatabaseRole ->
          databases.stream().flatMap(d -> roles.stream().map(r -> List.of(d, r))).toList();
    };
  }
}
