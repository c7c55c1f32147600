package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.PairCoverage;

/**
 * The Effective condition and status.coverage from a coverage report. status.coverage stays small
 * whatever the number of pairs (counts and at most {@link #EXAMPLES} examples of bounded length):
 * the status must fit etcd's object size limit.
 */
final class CoverageReporter {
  static final int EXAMPLES = 5;
  static final int MAX_EXAMPLE = 300;

  private CoverageReporter() {}

  static LayerState effective(Outcome outcome) {
    CoverageReport report = outcome.coverage();
    if (outcome.dryRun()) {
      return new LayerState("Unknown", Conditions.Reason.COVERAGE_UNKNOWN,
          "DryRun: the policy writes nothing, so nothing is audited because of it");
    }
    if (report == null) {
      return new LayerState("Unknown", Conditions.Reason.COVERAGE_UNKNOWN,
          "coverage is computed once the policy's own settings are written and verified (see Ready)");
    }
    return effective(report);
  }

  /** The Effective condition of a computed report. */
  static LayerState effective(CoverageReport report) {
    if (!report.known()) return new LayerState("Unknown", Conditions.Reason.COVERAGE_UNKNOWN, report.message());
    if (report.effective()) return new LayerState("True", Conditions.Reason.COVERED, report.message());
    String reason = switch (report.worst()) {
      case SHADOWED_OUTSIDE -> Conditions.Reason.SHADOWED_OUTSIDE;
      case SHADOWED_BY_POLICY -> Conditions.Reason.SHADOWED_BY_POLICY;
      default -> Conditions.Reason.NOT_IN_PLACE;
    };
    return new LayerState("False", reason, report.message());
  }

  /** Counts and a few examples; null when coverage is not known. */
  static CoverageStatus status(CoverageReport report) {
    return status(report, null);
  }

  /** With the old sessions while some (or an unknown number) are left. */
  static CoverageStatus status(CoverageReport report, OldSessions old) {
    if (report == null || !report.known()) return null;
    CoverageStatus status = new CoverageStatus();
    int covered = (int) report.count(PairCoverage.Cause.COVERED);
    status.setSummary(covered + "/" + report.pairs().size());
    status.setPairs(report.pairs().size());
    status.setCovered(covered);
    status.setShadowedByPolicy((int) report.count(PairCoverage.Cause.SHADOWED_BY_POLICY));
    status.setShadowedOutside((int) report.count(PairCoverage.Cause.SHADOWED_OUTSIDE));
    status.setNotInPlace((int) report.count(PairCoverage.Cause.NOT_IN_PLACE));
    var examples = report.notCovered().stream().limit(EXAMPLES).map(p -> StatusBuilder.cut(p.describe(), MAX_EXAMPLE)).toList();
    status.setExamples(examples.isEmpty() ? null : examples);
    if (old != null && old.pending()) {
      status.setOldSessions(old.count());
      status.setOldSessionsSince(old.since());
    }
    return status;
  }
}
