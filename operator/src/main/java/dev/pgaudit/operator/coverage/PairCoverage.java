package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlQuoting;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one pair a policy covers is really audited: the effective value of every setting the policy
 * manages there, and, when one differs from the policy, the first such setting, the value that
 * wins and who set it ({@code by}: the policies holding the winning setting; empty when it was set
 * outside the operator).
 */
public record PairCoverage(Pair pair, Cause cause, Map<PgAuditSetting, Precedence.Effective> effective,
    PgAuditSetting setting, List<PolicyRef> by) {

  public enum Cause {
    /** Every managed setting is in force as the policy says. */
    COVERED,
    /** A more specific setting made by another policy wins. */
    SHADOWED_BY_POLICY,
    /** A more specific setting made outside the operator wins. */
    SHADOWED_OUTSIDE,
    /** The policy's own setting is not (or no longer) stored: Ready says why. */
    NOT_IN_PLACE
  }

  public PairCoverage {
    effective = Map.copyOf(effective);
    by = List.copyOf(by);
  }

  /** The winning value of the first differing setting; null when covered. */
  public Precedence.Effective winner() {
    return setting == null ? null : effective.get(setting);
  }

  /**
   * One phrase, e.g. {@code reporting@billing: pgaudit.log is 'read, misc' from role "reporting" in
   * database "billing" (policy demo/billing-reporting-reads)}.
   */
  public String describe() {
    if (cause == Cause.COVERED) return pair + ": audited as the policy says";
    Precedence.Effective w = winner();
    String who = switch (cause) {
      case SHADOWED_BY_POLICY -> "policy " + by.stream().map(PolicyRef::toString).collect(Collectors.joining(", policy "));
      case SHADOWED_OUTSIDE -> "set outside the operator";
      default -> "the policy's own setting is not in place";
    };
    return pair + ": " + setting.guc() + " is " + SqlQuoting.literal(w.value()) + " from " + w.sourceText() + " (" + who + ")";
  }
}
