package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.postgres.SqlQuoting;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One-line strings of a spec for `kubectl get` (a printer column can only show a field, and a
 * list field prints as JSON): the targets in short, names quoted as PostgreSQL quotes them, and
 * the log classes comma-separated.
 */
final class SpecSummary {
  private SpecSummary() {}

  /** e.g. service, db "orders", db "orders" +2, role "app" in db "orders", 3 roles in 2 dbs; null if unknown. */
  static String targets(PgAuditPolicySpec spec) {
    Scope scope = spec == null ? null : spec.getScope();
    if (scope == null || scope.getLevel() == null) return null;
    Set<String> dbs = distinct(scope.getDatabases());
    Set<String> roles = distinct(scope.getRoles());
    return switch (scope.getLevel()) {
      case Service -> "service";
      case Database -> names("db", "dbs", dbs, true);
      case Role -> names("role", "roles", roles, true);
      case DatabaseRole -> names("role", "roles", roles, false) + " in " + names("db", "dbs", dbs, false);
    };
  }

  /** spec.log as pgaudit writes it, without spaces: ddl,role,-misc_set. */
  static String log(PgAuditPolicySpec spec) {
    if (spec == null || spec.getLog() == null || spec.getLog().isEmpty()) return null;
    return spec.getLog().stream().filter(Objects::nonNull).map(AuditClass::wire).collect(Collectors.joining(","));
  }

  /** One name quoted; several: the first and "+N" (a list), or only the count (a product). */
  private static String names(String one, String many, Set<String> names, boolean firstAndRest) {
    if (names.isEmpty()) return "0 " + many;
    String first = SqlQuoting.quoted(names.iterator().next());
    if (names.size() == 1) return one + " " + first;
    return firstAndRest ? one + " " + first + " +" + (names.size() - 1) : names.size() + " " + many;
  }

  private static Set<String> distinct(List<String> names) {
    Set<String> set = new LinkedHashSet<>();
    if (names != null) names.stream().filter(Objects::nonNull).forEach(set::add);
    return set;
  }
}
