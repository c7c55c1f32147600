package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import java.util.List;

/**
 * The fields everything else relies on. The CRD schema requires them, but an API server that
 * skipped validation (an old CRD, a mock) can still hand us a policy without them; such a policy
 * gets an InvalidSpec condition instead of an exception in an informer or reconcile thread.
 */
final class SpecCheck {
  private SpecCheck() {}

  /** What is missing, as one sentence, or null when the policy can be planned. */
  static String problem(PgAuditPolicy policy) {
    var spec = policy.getSpec();
    if (spec == null) return "the policy has no spec";
    var service = spec.getService();
    if (service == null || blank(service.getProject()) || blank(service.getServiceName())) {
      return "spec.service.project and spec.service.serviceName are required";
    }
    if (spec.getScope() == null || spec.getScope().getLevel() == null) return "spec.scope.level is required";
    if (spec.getLog() == null || spec.getLog().isEmpty() || spec.getLog().contains(null)) {
      return "spec.log must list at least one audit class";
    }
    String nul = nulIn("spec.scope.databases", spec.getScope().getDatabases());
    if (nul == null) nul = nulIn("spec.scope.roles", spec.getScope().getRoles());
    if (nul == null && spec.getSettings() != null && spec.getSettings().getRole() != null) {
      nul = nulIn("spec.settings.role", List.of(spec.getSettings().getRole()));
    }
    return nul;
  }

  /** PostgreSQL cannot store NUL in a name; the CRD refuses it, this catches what skipped the CRD. */
  private static String nulIn(String field, List<String> names) {
    if (names == null) return null;
    for (String name : names) {
      if (name != null && name.indexOf('\0') >= 0) {
        return field + " contains a name with a NUL character, which PostgreSQL cannot store";
      }
    }
    return null;
  }

  static boolean valid(PgAuditPolicy policy) {
    return problem(policy) == null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
