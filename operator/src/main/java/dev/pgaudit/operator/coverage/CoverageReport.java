package dev.pgaudit.operator.coverage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The effective coverage of one policy: every pair it covers and how it is really audited; or,
 * when it could not be computed, why ({@code unknown}).
 */
public record CoverageReport(List<PairCoverage> pairs, String unknown) {
  /** How many pairs a message names. */
  public static final int NAMED = 3;

  public CoverageReport {
    pairs = List.copyOf(pairs);
  }

  public static CoverageReport unknown(String why) {
    return new CoverageReport(List.of(), why);
  }

  public boolean known() {
    return unknown == null;
  }

  public long count(PairCoverage.Cause cause) {
    return pairs.stream().filter(p -> p.cause() == cause).count();
  }

  /** The pairs not audited as the policy says, in pair order. */
  public List<PairCoverage> notCovered() {
    return pairs.stream().filter(p -> p.cause() != PairCoverage.Cause.COVERED).toList();
  }

  /** True when every covered pair is audited as the policy says (also when it covers none). */
  public boolean effective() {
    return known() && notCovered().isEmpty();
  }

  /** The cause that names the whole report: outside shadowing first (it needs action), then another policy's. */
  public PairCoverage.Cause worst() {
    for (PairCoverage.Cause cause : List.of(PairCoverage.Cause.SHADOWED_OUTSIDE, PairCoverage.Cause.NOT_IN_PLACE,
        PairCoverage.Cause.SHADOWED_BY_POLICY)) {
      if (count(cause) > 0) return cause;
    }
    return PairCoverage.Cause.COVERED;
  }

  /** One sentence: how many pairs, and the first few not audited as the policy says. */
  public String message() {
    if (!known()) return "coverage not known: " + unknown;
    int n = pairs.size();
    if (n == 0) return "the policy covers no (database, login role) pair that exists now";
    List<PairCoverage> shadowed = notCovered();
    if (shadowed.isEmpty()) {
      return "all " + n + " (database, login role) pair(s) the policy covers are audited as it says";
    }
    String named = shadowed.stream().limit(NAMED).map(PairCoverage::describe).collect(Collectors.joining("; "));
    int more = shadowed.size() - Math.min(NAMED, shadowed.size());
    return shadowed.size() + " of " + n + " (database, login role) pair(s) are not audited as the policy says: "
        + named + (more > 0 ? "; and " + more + " more" : "");
  }
}
