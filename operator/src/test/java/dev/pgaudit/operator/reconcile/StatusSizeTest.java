package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.LogLevel;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceInfo;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.Planner;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.postgres.Finding;
import dev.pgaudit.operator.postgres.SqlQuoting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * etcd refuses an object over 1.5 MiB, and a refused status write leaves the status stale. A
 * policy at the CRD's maximum scope (DatabaseRole, 100 databases × 100 roles, every setting), with
 * names that grow most when quoted and JSON-escaped, must still get a status under 256 KiB.
 */
class StatusSizeTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final int LIMIT = 256 * 1024;
  private static final int ETCD_LIMIT = 1_572_864;

  /** 63 bytes each, mostly double quotes: doubled by quoting, then escaped again in JSON. */
  private static List<String> names(String prefix) {
    return IntStream.range(0, 100).mapToObj(i -> prefix + String.format("%02d", i) + "\"".repeat(60)).toList();
  }

  private static PgAuditPolicy maxScope(Mode mode) {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("n".repeat(253)).withGeneration(1L)
        .withUid("uid-max").withCreationTimestamp("2026-01-01T00:00:00Z").build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg-orders"));
    spec.setScope(new Scope(ScopeLevel.DatabaseRole, names("d"), names("r")));
    spec.setLog(Arrays.asList(AuditClass.values()).subList(0, 16));
    AuditSettings s = new AuditSettings();
    s.setLogCatalog(true);
    s.setLogClient(true);
    s.setLogLevel(LogLevel.values()[0]);
    s.setLogParameter(true);
    s.setLogParameterMaxSize(1073741823);
    s.setLogRelation(true);
    s.setLogRows(true);
    s.setLogStatement(true);
    s.setLogStatementOnce(true);
    s.setRole("\u0001".repeat(63));
    spec.setSettings(s);
    spec.setMode(mode);
    p.setSpec(spec);
    return p;
  }

  private static int size(PgAuditPolicy policy, PgAuditPolicyStatus status) {
    policy.setStatus(status);
    return StatusBuilder.bytes(policy);
  }

  @Test
  void aDryRunAtMaximumScopeGetsASummarisedPlanUnder256KiB() {
    PgAuditPolicy policy = maxScope(Mode.DryRun);
    PolicyIntent intent = Intents.of(policy);
    Plan plan = Planner.enforce(intent, new Observed(intent.service(), Map.of(), new StoredSettings(Map.of()), List.of()));
    int lines = plan.lines().size();
    assertThat(lines).isEqualTo(1 + 100 * 100 * 11); // feature_enabled, then every setting on every target
    Outcome outcome = Outcome.dryRun(Map.of(
        Layer.SERVICE, new LayerState("False", Conditions.Reason.DRY_RUN, "1 pending change(s), not applied in DryRun mode"),
        Layer.SQL, new LayerState("False", Conditions.Reason.DRY_RUN, "110000 pending change(s), not applied in DryRun mode")),
        null, plan, new ServiceInfo("RUNNING", "16"), null, null);

    PgAuditPolicyStatus status = StatusBuilder.build(policy, outcome, NOW);

    int statusBytes = StatusBuilder.bytes(status);
    assertThat(statusBytes).isLessThan(LIMIT);
    assertThat(size(policy, status)).isLessThan(ETCD_LIMIT);
    // What the whole plan would have been: far over etcd's limit.
    assertThat(StatusBuilder.bytes(plan.lines())).isGreaterThan(10 * ETCD_LIMIT);
    assertThat(status.getPlanSummary().getChanges()).isEqualTo(lines);
    assertThat(status.getPlanSummary().getTruncated()).isTrue();
    assertThat(status.getPlan()).hasSize(status.getPlanSummary().getShown()).isEqualTo(plan.lines().subList(0, status.getPlan().size()));
    assertThat(status.getPlan().size()).isBetween(1, PlanReport.MAX_SHOWN);
    assertThat(status.getPlanSummary().getByLayer()).containsExactly(
        Map.entry("service", 1), Map.entry("sql", 110000), Map.entry("sink", 0));
    assertThat(status.getPlanSummary().getDigest()).isEqualTo(PlanReport.digest(plan.lines()));
    assertThat(status.getTargets()).isEqualTo("100 roles in 100 dbs");
    assertThat(status.getConditions().get(0).getMessage()).isEqualTo("DryRun: Enforce would make 110001 changes"
        + " (status.plan lists the first ones, status.planSummary counts them all); nothing was written");
    // The first line names its target as PostgreSQL would: quotes doubled.
    assertThat(status.getPlan().get(1).getTarget()).isEqualTo(new SqlTarget.RoleInDatabase(names("r").get(0), names("d").get(0)).describe())
        .startsWith("role " + SqlQuoting.quoted(names("r").get(0)));
  }

  @Test
  void anEnforceAtMaximumScopeWithAFindingOnEveryTargetStaysUnder256KiB() {
    PgAuditPolicy policy = maxScope(Mode.Enforce);
    List<Finding> findings = new ArrayList<>();
    for (String db : names("d")) {
      for (String role : names("r")) {
        SqlTarget target = new SqlTarget.RoleInDatabase(role, db);
        findings.add(new Finding(Finding.Kind.ROLE_NOT_FOUND, target, null, "Cannot store pgaudit settings on "
            + target.describe() + " because role " + SqlQuoting.quoted(role) + " does not exist."));
      }
    }
    String message = Applier.summarise(findings);
    assertThat(message).endsWith(" And 9995 more problem(s) like these.");
    Outcome outcome = Outcome.enforced(Map.of(
        Layer.SERVICE, LayerState.ok("pgaudit is enabled on service acme/pg-orders"),
        Layer.SQL, LayerState.failed(Conditions.Reason.ROLE_NOT_FOUND, message)),
        new ServiceInfo("RUNNING", "16"), null, null, null, null);

    PgAuditPolicyStatus status = StatusBuilder.build(policy, outcome, NOW);

    assertThat(StatusBuilder.bytes(status)).isLessThan(LIMIT);
    assertThat(size(policy, status)).isLessThan(ETCD_LIMIT);
    assertThat(status.getConditions().get(0).getReason()).isEqualTo(Conditions.Reason.ROLE_NOT_FOUND);
    assertThat(status.getConditions().get(0).getMessage()).hasSizeLessThanOrEqualTo(StatusBuilder.MAX_MESSAGE + 40);
  }
}
