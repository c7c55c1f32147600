package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.NONE;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.tenancy.TenancyParser;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three namespaces allowed on the same services (the platform's ranked 10, two teams at 0), each
 * with the default token: an audit-reducing policy is reported on both policies, a conflict across
 * namespaces of equal rank blocks both instead of letting the older win, a higher rank wins, and
 * Aiven-managed roles cannot have their auditing lowered.
 */
class TenancyConflictsTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.withoutOperator(Duration.ofMinutes(5));
  static String platform;
  static String teamB;
  static String teamC;

  @BeforeAll
  static void start() {
    platform = env.namespace();
    teamB = env.namespace();
    teamC = env.namespace();
    env.startOperator(TenancyParser.parse("""
        namespaces:
          - {namespace: %s, rank: 10, services: [{project: acme, service: "pg-*"}]}
          - {namespace: %s, services: [{project: acme, service: "pg-*"}]}
          - {namespace: %s, services: [{project: acme, service: "pg-*"}]}
        """.formatted(platform, teamB, teamC)));
  }

  @Test
  void aRoleLevelNoneUnderAnotherTeamsDatabasePolicyIsReportedOnBoth() {
    String service = env.pgService();
    String orders = env.database("orders");
    String app = env.role("app");
    env.sqlAsAvnadminIn(orders, "CREATE TABLE t (id int)", "GRANT INSERT ON t TO " + OperatorTestEnv.quote(app));
    env.create(policy(teamC, "orders-writes", service).defaultToken().databases(orders).log(WRITE).build());
    env.awaitReady(teamC, "orders-writes");
    env.create(policy(teamB, "app-quiet", service).defaultToken().roles(app).log(NONE).build());
    env.awaitReady(teamB, "app-quiet");

    String message = "policy " + teamB + "/app-quiet sets pgaudit.log on role \"" + app + "\", which overrides " + teamC
        + "/orders-writes's pgaudit.log on database \"" + orders + "\" for that role's sessions: write no longer logged there";
    assertThat(env.awaitCondition(teamC, "orders-writes", Conditions.AUDIT_REDUCED, "True", Conditions.Reason.REDUCED_BY_PEER)
        .getMessage()).isEqualTo(message);
    assertThat(env.awaitCondition(teamB, "app-quiet", Conditions.AUDIT_REDUCED, "True", Conditions.Reason.REDUCES_PEER)
        .getMessage()).isEqualTo(message);
    // Additive: both are applied as asked, so both stay Ready.
    env.awaitReady(teamC, "orders-writes");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      // The coverage report says the same in its own words (NotEffective, shadowed by app-quiet).
      assertThat(env.events(teamC, "orders-writes")).filteredOn(e -> "Warning".equals(e.getType()))
          .filteredOn(e -> !Conditions.EventReason.NOT_EFFECTIVE.equals(e.getReason()))
          .extracting(Event::getReason, Event::getMessage)
          .containsExactly(tuple(Conditions.EventReason.AUDIT_REDUCED, "auditing of this policy is turned down: " + message));
      assertThat(env.events(teamC, "orders-writes")).filteredOn(e -> Conditions.EventReason.NOT_EFFECTIVE.equals(e.getReason()))
          .singleElement().satisfies(e -> assertThat(e.getMessage()).startsWith("ShadowedByPolicy: ")
              .contains("(policy " + teamB + "/app-quiet)"));
      assertThat(env.events(teamB, "app-quiet")).filteredOn(e -> "Warning".equals(e.getType()))
          .extracting(Event::getReason, Event::getMessage)
          .containsExactly(tuple(Conditions.EventReason.AUDIT_REDUCED, "this policy turns down another policy's auditing: " + message));
    });

    // AUDIT: the reduction is real: avnadmin's INSERT is logged, app's is not.
    long mark = env.pg.logMark();
    env.sqlAsRole(app, orders, "INSERT INTO t VALUES (1)");
    env.sqlAsAvnadminIn(orders, "INSERT INTO t VALUES (2)");
    List<String> lines = await().atMost(Duration.ofSeconds(30)).until(() -> env.pg.auditLinesSince(mark),
        l -> l.stream().anyMatch(line -> line.contains("INSERT INTO t VALUES (2)")));
    assertThat(lines).filteredOn(l -> l.contains("INSERT INTO t VALUES")).singleElement().asString()
        .contains(" avnadmin@" + orders + " LOG:  AUDIT: SESSION,").contains(",WRITE,INSERT,");
  }

  @Test
  void aConflictAcrossNamespacesOfEqualRankBlocksBoth_aHigherRankWins() {
    String service = env.pgService();
    String orders = env.database("orders");
    env.create(policy(teamB, "claim", service).defaultToken().databases(orders).log(READ).build());
    env.awaitReady(teamB, "claim");
    env.create(policy(teamC, "orders", service).defaultToken().databases(orders).log(WRITE).build());

    assertThat(env.awaitCondition(teamC, "orders", Conditions.READY, "False", Conditions.Reason.CONFLICT).getMessage())
        .isEqualTo("conflicts with policy " + teamB + "/claim of another namespace with the same tenancy rank on database \""
            + orders + "\" pgaudit.log (wants write, " + teamB + "/claim wants read); across namespaces neither is applied"
            + " (what each wrote before stays) until the conflict is resolved or the platform team ranks the namespaces"
            + " (tenancy.namespaces[].rank)");
    assertThat(env.awaitCondition(teamB, "claim", Conditions.READY, "False", Conditions.Reason.CONFLICT).getMessage())
        .startsWith("conflicts with policy " + teamC + "/orders of another namespace with the same tenancy rank");
    // The older policy's setting stays as it was written: a conflict freezes, it does not switch auditing off.
    assertThat(env.stored(orders, null)).containsEntry("pgaudit.log", "read");

    env.create(policy(platform, "orders-ddl", service).defaultToken().databases(orders).log(DDL).build());
    env.awaitReady(platform, "orders-ddl");
    assertThat(env.stored(orders, null)).containsEntry("pgaudit.log", "ddl");
    // Already False/Conflict (the tie) at this generation: wait for the message to change.
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(env.condition(teamB, "claim", Conditions.READY)
        .orElseThrow().getMessage())
        .isEqualTo("conflicts with policy of a higher-ranked namespace " + platform + "/orders-ddl on database \"" + orders
            + "\" pgaudit.log (wants read, " + platform + "/orders-ddl sets ddl); nothing of " + teamB
            + "/claim is applied until the conflict is resolved"));
  }

  @Test
  void aPolicyMayNotLowerTheAuditingOfAivenManagedRoles() {
    String service = env.pgService();
    env.create(policy(teamC, "avnadmin-none", service).defaultToken().roles("avnadmin").log(NONE).build());
    assertThat(env.awaitCondition(teamC, "avnadmin-none", Conditions.READY, "False", Conditions.Reason.MANAGED_ROLE)
        .getMessage()).isEqualTo("role avnadmin is managed by Aiven (tenancy.managedRoles.roles: avnadmin) and"
            + " tenancy.managedRoles.allowLowering is false, so a policy may not lower its auditing: pgaudit.log none on role \"avnadmin\"");

    env.create(policy(platform, "everything-ddl", service).defaultToken().serviceScope().log(DDL, READ).build());
    env.awaitReady(platform, "everything-ddl");
    env.create(policy(teamB, "avnadmin-reads", service).defaultToken().roles("avnadmin").log(READ).build());
    assertThat(env.awaitCondition(teamB, "avnadmin-reads", Conditions.READY, "False", Conditions.Reason.MANAGED_ROLE)
        .getMessage()).endsWith("so a policy may not lower its auditing: policy " + teamB + "/avnadmin-reads sets pgaudit.log"
            + " on role \"avnadmin\", which overrides " + platform + "/everything-ddl's pgaudit.log on service: ddl no longer logged there");
    assertThat(env.stored(null, "avnadmin")).doesNotContainKey("pgaudit.log");
    assertThat(env.condition(platform, "everything-ddl", Conditions.AUDIT_REDUCED)).isEmpty();
    assertThat(env.events(teamB, "avnadmin-reads")).extracting(Event::getType, Event::getReason)
        .contains(tuple("Warning", Conditions.EventReason.MANAGED_ROLE));
  }
}
