package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.api.crd.CrdFiles;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.Pair;
import dev.pgaudit.operator.coverage.PairCoverage;
import dev.pgaudit.operator.coverage.Precedence;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What `kubectl get pgap` shows: the committed CRD's printer columns evaluated on a reconciled
 * policy the way kube-apiserver's table convertor does (first match of the JSONPath; a list or an
 * object would print as JSON). Every column must be one readable value.
 */
class PrinterColumnsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FILTER = Pattern.compile("^\\.([\\w.]+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)]\\.(\\w+)$");

  private static PgAuditPolicy policy(Mode mode) {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("orders-writes").withGeneration(1L)
        .withCreationTimestamp("2026-01-01T00:00:00Z").build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg-orders"));
    spec.setScope(new Scope(ScopeLevel.Database, List.of("orders", "billing", "archive"), null));
    spec.setLog(new ArrayList<>(List.of(AuditClass.WRITE, AuditClass.DDL)));
    spec.setMode(mode);
    p.setSpec(spec);
    return p;
  }

  /** The cells of one row, by column name. */
  private static List<Object> row(PgAuditPolicy policy) {
    JsonNode object = JSON.valueToTree(policy);
    List<Object> cells = new ArrayList<>();
    for (JsonNode column : CrdFiles.committed().path("spec").path("versions").get(0).path("additionalPrinterColumns")) {
      JsonNode value = evaluate(object, column.path("jsonPath").asText());
      assertThat(value == null || value.isValueNode()).as("column %s prints one value, not %s", column.path("name").asText(), value)
          .isTrue();
      cells.add(value == null ? null : value.asText());
    }
    return cells;
  }

  /** The two JSONPath forms the CRD uses: .a.b.c and .a.b[?(@.k=="v")].f (first match). */
  private static JsonNode evaluate(JsonNode object, String path) {
    Matcher filter = FILTER.matcher(path);
    if (filter.matches()) {
      for (JsonNode item : walk(object, filter.group(1))) {
        if (filter.group(3).equals(item.path(filter.group(2)).asText())) return item.get(filter.group(4));
      }
      return null;
    }
    JsonNode node = walk(object, path.substring(1));
    return node.isMissingNode() || node.isNull() ? null : node;
  }

  private static JsonNode walk(JsonNode node, String dotted) {
    for (String field : dotted.split("\\.")) node = node.path(field);
    return node;
  }

  @Test
  void theColumnsAreServiceScopeTargetsLogModeSinkReadyReasonEffectiveAge() {
    assertThat(CrdFiles.committed().path("spec").path("versions").get(0).path("additionalPrinterColumns")
        .findValuesAsText("name")).containsExactly("Service", "Scope", "Targets", "Log", "Mode", "Sink", "Ready", "Reason",
            "Effective", "Age");
  }

  @Test
  void aReconciledPolicyShowsItsModeReasonTargetsAndReadableLog() {
    PgAuditPolicy policy = policy(Mode.Enforce);
    Outcome applied = Outcome.enforced(Map.of(Layer.SERVICE, LayerState.ok("pgaudit is enabled"),
        Layer.SQL, LayerState.ok("6 database/role setting(s) match the policy")), null, null, null, null, null);
    policy.setStatus(StatusBuilder.build(policy, applied, Instant.parse("2026-01-01T00:00:01Z")));

    assertThat(row(policy)).containsExactly("pg-orders", "Database", "db \"orders\" +2", "write,ddl", "Enforce", null,
        "True", "Reconciled", null, "2026-01-01T00:00:00Z");
  }

  @Test
  void effectiveShowsThePairsAuditedAsThePolicySaysOfAllItCovers() {
    PgAuditPolicy policy = policy(Mode.Enforce);
    var covered = new PairCoverage(new Pair("orders", "app"), PairCoverage.Cause.COVERED, Map.of(), null, List.of());
    var shadowed = new PairCoverage(new Pair("orders", "reporting"), PairCoverage.Cause.SHADOWED_OUTSIDE,
        Map.of(PgAuditSetting.LOG, new Precedence.Effective("none", new Slot.Sql(new SqlTarget.Role("reporting"), PgAuditSetting.LOG))),
        PgAuditSetting.LOG, List.of());
    Outcome applied = Outcome.enforced(Map.of(Layer.SERVICE, LayerState.ok("pgaudit is enabled")), null, null, null,
        new CoverageReport(List.of(covered, shadowed), null), null);
    policy.setStatus(StatusBuilder.build(policy, applied, Instant.parse("2026-01-01T00:00:01Z")));

    assertThat(row(policy).get(8)).isEqualTo("1/2");
  }

  @Test
  void aDryRunAndAConflictLookDifferentFromAReadyEnforcePolicy() {
    PgAuditPolicy dry = policy(Mode.DryRun);
    dry.setStatus(StatusBuilder.build(dry, Outcome.dryRun(Map.of(Layer.SERVICE, LayerState.ok("matches")), null,
        Plan.NONE, null, null, null), Instant.parse("2026-01-01T00:00:01Z")));
    PgAuditPolicy loser = policy(Mode.Enforce);
    loser.setStatus(StatusBuilder.build(loser, Outcome.lostConflict(loser, Map.of(Layer.SERVICE, LayerState.unknown("not applied")),
        "conflicts with older policy team-a/first on database \"orders\" pgaudit.log"),
        Instant.parse("2026-01-01T00:00:01Z")));

    assertThat(row(dry).subList(4, 8)).containsExactly("DryRun", null, "True", "DryRun");
    assertThat(row(loser).subList(4, 8)).containsExactly("Enforce", null, "False", "Conflict");
  }
}
