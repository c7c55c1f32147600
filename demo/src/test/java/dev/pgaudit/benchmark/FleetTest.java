package dev.pgaudit.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.PgAuditPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's fleets: the sizes of earlier reports keep their shape, and 10,000 × 1,000 in 10
 * projects gets one database per service whose Database policies agree on pgaudit.log and each
 * manage a setting of their own, a token per project, and the minimum that follows.
 */
class FleetTest {

  @Test
  void upToAThousandDatabasesEveryDatabasePolicyHasItsOwn() {
    Fleet fleet = new Fleet(new Workload(1000, 100));

    assertThat(fleet.layout()).isEqualTo(Fleet.Layout.OWN);
    assertThat(fleet.ownTokens()).isFalse();
    assertThat(fleet.databases()).hasSize(300).doesNotHaveDuplicates();
    assertThat(fleet.roles()).hasSize(600);
    assertThat(fleet.members()).allSatisfy(m -> assertThat(m.manifest().getSpec().getAuthSecretRef()).isNull());
    // As in the reports up to now: 300 Database and 300 DatabaseRole policies with 2 settings, 300 Role policies with 1.
    assertThat(Minimum.initialConvergence(fleet).sqlWrites()).isEqualTo(1500);
    // One list of the project, per service one PUT and one create for its sink, and one re-read of the
    // project that sees the new integrations active.
    assertThat(Minimum.initialConvergence(fleet).aivenRequests()).isEqualTo(1 + 100 * 2 + 1);
    // Per service an Event for its PUT and one for its sink; per policy a finalizer, its applied
    // record and a status; an Event per SQL target (900 policies with one each).
    assertThat(Minimum.initialConvergence(fleet).kubeWrites()).isEqualTo(100 * 2 + 1000 * 3 + 900);
  }

  @Test
  void tenThousandPoliciesShareOneDatabasePerServiceWithoutConflict() {
    Fleet fleet = new Fleet(Workload.parse("10000x1000/10"));

    assertThat(fleet.layout()).isEqualTo(Fleet.Layout.SHARED);
    assertThat(fleet.databases()).hasSize(1000).doesNotHaveDuplicates();
    assertThat(fleet.roles()).hasSize(6000).doesNotHaveDuplicates();
    List<Fleet.Member> onDb = fleet.members().stream()
        .filter(m -> m.service() == 7 && m.kind() == Fleet.Kind.DATABASE).toList();
    assertThat(onDb).extracting(Fleet.Member::databases).containsOnly(List.of("s007_db0"));
    assertThat(onDb).extracting(m -> m.manifest().getSpec().getLog())
        .containsOnly(List.of(AuditClass.READ, AuditClass.WRITE));
    assertThat(onDb).extracting(m -> settingsOf(m.manifest())).containsExactly(
        "logRelation=true", "logCatalog=false", "logRows=true");
    // pgaudit.log once per database, plus each policy's own setting; roles and roles in databases as before.
    assertThat(Minimum.initialConvergence(fleet).sqlWrites()).isEqualTo(1000 * (1 + 3) + 3000 + 3000 * 2);
  }

  @Test
  void eachProjectHasATokenOfItsOwnAndOneReadPerResync() {
    Fleet fleet = new Fleet(Workload.parse("10000x1000/10"));

    assertThat(fleet.ownTokens()).isTrue();
    assertThat(fleet.projects()).hasSize(10);
    Fleet.Member member = fleet.members().get(fleet.members().size() - 1);
    assertThat(member.project()).isEqualTo("bench-9");
    assertThat(member.manifest().getSpec().getAuthSecretRef().getName()).isEqualTo(Fleet.TOKEN_SECRET);
    assertThat(Fleet.tokenOf(member.project())).isEqualTo("bench-aiven-token-bench-9");
    assertThat(Minimum.resyncOfEverything(fleet).aivenRequests()).isEqualTo(10);
    // One list per project (it carries the sinks' destinations), then per service one PUT and one create for its sink,
    // and one re-read per project that sees its new integrations active.
    assertThat(Minimum.initialConvergence(fleet).aivenRequests()).isEqualTo(10 + 1000 * 2 + 10);
  }

  @Test
  void eachServicesDatabasesAreKeptToItsOwnRoles() {
    Fleet fleet = new Fleet(new Workload(1000, 100));

    List<String> statements = BenchEnvironment.keptToOwnRoles(fleet);

    assertThat(statements).hasSize(300 * 2);
    assertThat(statements.subList(0, 2)).containsExactly("REVOKE CONNECT ON DATABASE \"s000_db0\" FROM PUBLIC",
        "GRANT CONNECT ON DATABASE \"s000_db0\" TO \"s000_role0\", \"s000_app0\", \"s000_role1\", \"s000_app1\","
            + " \"s000_role2\", \"s000_app2\"");
    assertThat(statements).filteredOn(s -> s.startsWith("GRANT") && s.contains("\"s042_db")).hasSize(3)
        .allSatisfy(s -> assertThat(s).contains("\"s042_role0\"").doesNotContain("s041_", "s043_"));
  }

  @Test
  void aSharedDatabaseChangeFlipsOnlyThePolicysOwnSetting() {
    Fleet fleet = new Fleet(new Workload(100, 10), Fleet.Layout.SHARED);
    ChangeStep step = ChangeStep.plan(fleet, 1).get(0);
    PgAuditPolicy policy = step.member().manifest();

    step.applyTo(policy);

    assertThat(step.kind()).isEqualTo(ChangeStep.Kind.SQL_SETTING);
    assertThat(step.member().kind()).isEqualTo(Fleet.Kind.DATABASE);
    assertThat(policy.getSpec().getLog()).containsExactly(AuditClass.READ, AuditClass.WRITE);
    assertThat(settingsOf(policy)).isEqualTo("logRelation=false");
  }

  /** The settings a policy sets besides its log classes, as "name=value". */
  private static String settingsOf(PgAuditPolicy policy) {
    AuditSettings s = policy.getSpec().getSettings();
    StringBuilder out = new StringBuilder();
    append(out, "logRelation", s.getLogRelation());
    append(out, "logCatalog", s.getLogCatalog());
    append(out, "logRows", s.getLogRows());
    append(out, "logStatementOnce", s.getLogStatementOnce());
    append(out, "logParameter", s.getLogParameter());
    append(out, "logClient", s.getLogClient());
    append(out, "logStatement", s.getLogStatement());
    return out.toString();
  }

  private static void append(StringBuilder out, String name, Boolean value) {
    if (value == null) return;
    if (out.length() > 0) out.append(", ");
    out.append(name).append('=').append(value);
  }
}
