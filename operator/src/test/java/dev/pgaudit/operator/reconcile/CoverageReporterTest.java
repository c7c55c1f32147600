package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.Pair;
import dev.pgaudit.operator.coverage.PairCoverage;
import dev.pgaudit.operator.coverage.Precedence;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Effective condition and status.coverage, whatever the number of pairs. */
class CoverageReporterTest {
  private static final Map<Layer, LayerState> APPLIED = Map.of(Layer.SERVICE, LayerState.ok("pgaudit is enabled"));

  private static PairCoverage covered(String db, String role) {
    return new PairCoverage(new Pair(db, role), PairCoverage.Cause.COVERED, Map.of(), null, List.of());
  }

  private static PairCoverage shadowed(String db, String role, PolicyRef by) {
    Slot.Sql source = new Slot.Sql(new SqlTarget.RoleInDatabase(role, db), PgAuditSetting.LOG);
    return new PairCoverage(new Pair(db, role), by == null ? PairCoverage.Cause.SHADOWED_OUTSIDE
        : PairCoverage.Cause.SHADOWED_BY_POLICY, Map.of(PgAuditSetting.LOG, new Precedence.Effective("none", source)),
        PgAuditSetting.LOG, by == null ? List.of() : List.of(by));
  }

  private static Outcome outcome(CoverageReport report) {
    return Outcome.enforced(APPLIED, null, null, null, report, null);
  }

  @Test
  void outsideShadowingNamesTheConditionEvenWhenAnotherPolicyShadowsMore() {
    PolicyRef other = new PolicyRef("demo", "silence", "2026-01-01T00:00:00Z");
    CoverageReport report = new CoverageReport(List.of(covered("orders", "app"), shadowed("orders", "bi", other),
        shadowed("orders", "etl", other), shadowed("orders", "ops", null)), null);

    LayerState effective = CoverageReporter.effective(outcome(report));
    CoverageStatus status = CoverageReporter.status(report);

    assertThat(effective).isEqualTo(new LayerState("False", "ShadowedOutside", "3 of 4 (database, login role) pair(s) are"
        + " not audited as the policy says: bi@orders: pgaudit.log is 'none' from role \"bi\" in database \"orders\""
        + " (policy demo/silence); etl@orders: pgaudit.log is 'none' from role \"etl\" in database \"orders\""
        + " (policy demo/silence); ops@orders: pgaudit.log is 'none' from role \"ops\" in database \"orders\""
        + " (set outside the operator)"));
    assertThat(List.of(status.getSummary(), status.getPairs(), status.getCovered(), status.getShadowedByPolicy(),
        status.getShadowedOutside(), status.getNotInPlace())).containsExactly("1/4", 4, 1, 2, 1, 0);
  }

  @Test
  void tenThousandShadowedPairsKeepTheStatusSmall() {
    List<PairCoverage> pairs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) pairs.add(shadowed("db" + (i / 100), "role_" + "x".repeat(50) + i, null));
    CoverageReport report = new CoverageReport(pairs, null);

    CoverageStatus status = CoverageReporter.status(report);

    assertThat(status.getExamples()).hasSize(CoverageReporter.EXAMPLES);
    assertThat(StatusBuilder.bytes(status)).isLessThan(2_000);
    assertThat(CoverageReporter.effective(outcome(report)).message()).endsWith("; and 9997 more");
  }

  @Test
  void withoutAReportEffectiveIsUnknownAndSaysWhy() {
    assertThat(CoverageReporter.effective(outcome(null))).isEqualTo(new LayerState("Unknown", "CoverageUnknown",
        "coverage is computed once the policy's own settings are written and verified (see Ready)"));
    assertThat(CoverageReporter.effective(Outcome.dryRun(APPLIED, null, Plan.NONE, null, null, null)).message())
        .isEqualTo("DryRun: the policy writes nothing, so nothing is audited because of it");
    assertThat(CoverageReporter.effective(outcome(covered(List.of()))).status()).isEqualTo("True");
    assertThat(CoverageReporter.status(CoverageReport.unknown("not read"))).isNull();
  }

  private static CoverageReport covered(List<PairCoverage> pairs) {
    return new CoverageReport(pairs, null);
  }
}
