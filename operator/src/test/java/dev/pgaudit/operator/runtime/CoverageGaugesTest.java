package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.reconcile.CoverageListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-policy coverage gauges as Prometheus scrapes them. */
class CoverageGaugesTest {
  private static CoverageStatus coverage(int covered, int byPolicy, int outside, String oldSessions) {
    CoverageStatus status = new CoverageStatus();
    status.setCovered(covered);
    status.setShadowedByPolicy(byPolicy);
    status.setShadowedOutside(outside);
    status.setNotInPlace(0);
    status.setOldSessions(oldSessions);
    return status;
  }

  @Test
  void eachPolicyHasItsPairsByStateAndItsOldSessionsUntilItGoes() {
    try (OperatorMetrics metrics = new OperatorMetrics()) {
      CoverageListener gauges = metrics.policyCoverage();

      gauges.coverage("demo", "billing-ddl", coverage(3, 1, 0, "2"));
      gauges.coverage("demo", "billing-ddl", coverage(2, 1, 1, "unknown"));
      gauges.coverage("demo", "other", coverage(4, 0, 0, null));
      String text = metrics.scrape();

      Map<String, String> billing = Map.of("namespace", "demo", "policy", "billing-ddl");
      assertThat(PromText.sum(text, "pgaudit_policy_coverage_pairs", with(billing, "covered"))).contains(2.0);
      assertThat(PromText.sum(text, "pgaudit_policy_coverage_pairs", with(billing, "shadowed_by_policy"))).contains(1.0);
      assertThat(PromText.sum(text, "pgaudit_policy_coverage_pairs", with(billing, "shadowed_outside"))).contains(1.0);
      assertThat(PromText.sum(text, "pgaudit_policy_old_sessions", billing)).hasValueSatisfying(v -> assertThat(v).isNaN());
      assertThat(PromText.sum(text, "pgaudit_policy_old_sessions", Map.of("policy", "other"))).isEmpty();
      // The exposition as Micrometer gauges wrote it before the series were rendered at scrape time.
      assertThat(text.lines()).contains(
          "# HELP pgaudit_policy_coverage_pairs (database, login role) pairs a policy covers, by how they are really audited",
          "# TYPE pgaudit_policy_coverage_pairs gauge",
          "pgaudit_policy_coverage_pairs{namespace=\"demo\",policy=\"billing-ddl\",state=\"not_in_place\"} 0.0",
          "# TYPE pgaudit_policy_old_sessions gauge",
          "pgaudit_policy_old_sessions{namespace=\"demo\",policy=\"billing-ddl\"} NaN");

      gauges.forget("demo", "billing-ddl");
      gauges.coverage("demo", "other", null);
      assertThat(metrics.scrape()).doesNotContain("pgaudit_policy_coverage_pairs{", "pgaudit_policy_old_sessions{");
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String state) {
    var all = new java.util.HashMap<>(labels);
    all.put("state", state);
    return all;
  }
}
