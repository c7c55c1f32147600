package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.ALL;
import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.MISC;
import static dev.pgaudit.operator.api.AuditClass.NONE;
import static dev.pgaudit.operator.api.AuditClass.NOT_MISC;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ownership across namespaces (ranks, ties) and audit reductions between policies. */
class CrossNamespaceTest {

  private static PolicyIntent in(String ns, PgAuditPolicy p) {
    p.getMetadata().setNamespace(ns);
    return Intents.of(p);
  }

  private static PolicyIntent db(String ns, String name, String created, AuditClass... log) {
    return in(ns, Policies.database(name, created, List.of("orders"), log));
  }

  private static PolicyIntent role(String ns, String name, AuditClass... log) {
    return in(ns, Policies.policy(name, "2026-01-03T00:00:00Z", ScopeLevel.Role, null, List.of("app"), log));
  }

  @Test
  void acrossNamespacesOfEqualRankTheOlderDoesNotWinBothAreBlocked() {
    var older = db("team-b", "claim", "2026-01-01T00:00:00Z", NONE);
    var newer = db("team-a", "orders", "2026-01-02T00:00:00Z", WRITE);
    var bystander = in("team-a", Policies.database("billing", "2026-01-02T00:00:00Z", List.of("billing"), READ));
    Ownership ownership = Ownership.resolve(List.of(older, newer, bystander));

    assertThat(ownership.conflictOf(newer.ref()).orElseThrow().message(newer.ref())).isEqualTo(
        "conflicts with policy team-b/claim of another namespace with the same tenancy rank on database \"orders\" pgaudit.log"
            + " (wants write, team-b/claim wants none); across namespaces neither is applied (what each wrote before stays)"
            + " until the conflict is resolved or the platform team ranks the namespaces (tenancy.namespaces[].rank)");
    assertThat(ownership.conflictOf(older.ref()).orElseThrow().message(older.ref())).startsWith(
        "conflicts with policy team-a/orders of another namespace with the same tenancy rank on database \"orders\" pgaudit.log"
            + " (wants none, team-a/orders wants write)");
    assertThat(ownership.isHeld(new Slot.Sql(new dev.pgaudit.operator.postgres.SqlTarget.Database("orders"),
        dev.pgaudit.operator.postgres.PgAuditSetting.LOG))).isFalse();
    assertThat(ownership.conflictOf(bystander.ref())).isEmpty();
  }

  @Test
  void aHigherRankedNamespaceWinsWhateverItsAge() {
    var older = db("team-b", "claim", "2026-01-01T00:00:00Z", NONE);
    var newer = db("platform", "orders", "2026-01-02T00:00:00Z", WRITE);
    Ownership ownership = Ownership.resolve(List.of(older, newer), ns -> ns.equals("platform") ? 100 : 0);

    assertThat(ownership.conflictOf(newer.ref())).isEmpty();
    assertThat(ownership.conflictOf(older.ref()).orElseThrow().message(older.ref())).isEqualTo(
        "conflicts with policy of a higher-ranked namespace platform/orders on database \"orders\" pgaudit.log (wants none,"
            + " platform/orders sets write); nothing of team-b/claim is applied until the conflict is resolved");
  }

  @Test
  void withinANamespaceTheOlderStillWins() {
    var older = db("team-a", "first", "2026-01-01T00:00:00Z", READ);
    var newer = db("team-a", "second", "2026-01-02T00:00:00Z", WRITE);
    Ownership ownership = Ownership.resolve(List.of(older, newer));
    assertThat(ownership.conflictOf(older.ref())).isEmpty();
    assertThat(ownership.conflictOf(newer.ref()).orElseThrow().kind()).isEqualTo(Ownership.Kind.OLDER);
  }

  @Test
  void aRoleLevelNoneReducesADatabasePolicyForThatRolesSessions() {
    var database = db("team-a", "orders", "2026-01-01T00:00:00Z", WRITE, DDL);
    var silence = role("team-b", "silence", NONE);
    List<AuditReduction> found = AuditReduction.among(List.of(database, silence));
    assertThat(found).singleElement().satisfies(r -> {
      assertThat(r.reducer()).isEqualTo(silence.ref());
      assertThat(r.covered()).isEqualTo(database.ref());
      assertThat(r.lost()).containsExactly("ddl", "write");
      assertThat(r.message()).isEqualTo("policy team-b/silence sets pgaudit.log on role \"app\", which overrides"
          + " team-a/orders's pgaudit.log on database \"orders\" for that role's sessions: ddl, write no longer logged there");
    });
  }

  @Test
  void exclusionsAndFewerClassesReduceAServicePolicy_moreClassesDoNot() {
    var service = in("team-a", Policies.service("svc", "2026-01-01T00:00:00Z", READ, WRITE, DDL, MISC));
    var fewer = role("team-b", "fewer", READ);
    var excluding = in("team-c", Policies.database("excl", "2026-01-02T00:00:00Z", List.of("orders"), ALL, NOT_MISC));
    var more = in("team-d", Policies.policy("more", "2026-01-02T00:00:00Z", ScopeLevel.DatabaseRole, List.of("x"),
        List.of("y"), ALL));
    List<AuditReduction> found = AuditReduction.among(List.of(service, fewer, excluding, more));
    assertThat(found).extracting(r -> r.reducer().name(), r -> r.covered().name(), AuditReduction::lost)
        .containsExactlyInAnyOrder(
            tuple("fewer", "svc", Set.of("ddl", "misc", "misc_set", "write")),
            tuple("fewer", "excl", Set.of("ddl", "function", "role", "write")),
            tuple("excl", "svc", Set.of("misc", "misc_set")));
    assertThat(AuditReduction.involving(service.ref(), found)).hasSize(2);
    assertThat(AuditReduction.involving(more.ref(), found)).isEmpty();
    assertThat(AuditReduction.classes(new Slot.AivenKey("log_rows"), true)).isEmpty();
  }
}
