package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.NONE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 20's walk-through, as a second team with the operator's default token and no Secret of its
 * own: two namespaces, each allowed its own PostgreSQL and OpenSearch service by the rule set. What
 * team B aims at team A's service (silence a role, claim team A's database first, ship team A's
 * logs to its own OpenSearch) is refused without a single Aiven request, and team A's policy is
 * applied and audits as if team B had done nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.withoutOperator(Duration.ofMinutes(5));
  static String teamA;
  static String teamB;
  static String pgA;
  static String pgB;
  static String osB;

  @BeforeAll
  static void start() {
    teamA = env.namespace();
    teamB = env.namespace();
    pgA = env.pgService();
    pgB = env.pgService();
    osB = "os-b-" + pgB;
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, osB);
    env.startOperator(TenancyParser.parse("""
        namespaces:
          - namespace: %s
            services: [{project: acme, service: %s}, {project: acme, service: %s}]
          - namespace: %s
            services: [{project: acme, service: %s}, {project: acme, service: %s}]
        """.formatted(teamA, pgA, OperatorTestEnv.OPENSEARCH, teamB, pgB, osB)));
  }

  /** First: it counts every Aiven request while only refused policies exist. */
  @Test
  @Order(1)
  void teamBCannotSilenceBlockOrRedirectTeamA() {
    String orders = env.database("orders");
    String app = env.role("app");
    env.sqlAsAvnadminIn(orders, "CREATE TABLE t20 (id int)", "GRANT INSERT ON t20 TO " + OperatorTestEnv.quote(app));
    int before = env.aiven.requests().total();

    // Team B, first: claim team A's database, silence its role, ship its logs away, and send its own logs to team A's OpenSearch.
    env.create(policy(teamB, "claim-orders", pgA).defaultToken().databases(orders).log(NONE).build());
    env.create(policy(teamB, "silence-app", pgA).defaultToken().roles(app).log(NONE).build());
    env.create(policy(teamB, "steal-logs", pgA).defaultToken().databases(orders).log(WRITE).sink(osB, "stolen", 3).build());
    env.create(policy(teamB, "into-a-opensearch", pgB).defaultToken().serviceScope().log(WRITE)
        .sink(OperatorTestEnv.OPENSEARCH, "b", 3).build());
    String ruleB = "tenancy.namespaces[1] (namespace " + teamB + ") allows acme/" + pgB + ", acme/" + osB;
    for (String name : List.of("claim-orders", "silence-app", "steal-logs")) {
      assertThat(env.awaitCondition(teamB, name, Conditions.READY, "False", Conditions.Reason.NOT_ALLOWED).getMessage())
          .isEqualTo("namespace " + teamB + " may not use the operator's default Aiven token on service acme/" + pgA
              + ": " + ruleB);
    }
    assertThat(env.awaitCondition(teamB, "into-a-opensearch", Conditions.READY, "False", Conditions.Reason.NOT_ALLOWED)
        .getMessage()).isEqualTo("namespace " + teamB + " may not use the operator's default Aiven token on sink destination acme/"
            + OperatorTestEnv.OPENSEARCH + ": " + ruleB);
    assertThat(env.events(teamB, "silence-app")).extracting(Event::getType, Event::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Warning", Conditions.EventReason.NOT_ALLOWED));
    // Deleting a refused policy undoes nothing with the default token either.
    env.delete(teamB, "silence-app");
    env.awaitGone(teamB, "silence-app");
    // Nothing was read or written with the default token for them: not one Aiven request.
    assertThat(env.aiven.requests().entries().subList(before, env.aiven.requests().total())).isEmpty();

    // Team A, later: its policy is not blocked by team B's older one on the same database.
    env.create(policy(teamA, "orders-writes", pgA).defaultToken().databases(orders).log(WRITE).build());
    env.awaitReady(teamA, "orders-writes");
    assertThat(env.condition(teamA, "orders-writes", Conditions.CONFLICT)).isEmpty();
    assertThat(env.stored(orders, null)).containsEntry("pgaudit.log", "write");
    assertThat(env.stored(null, app)).isEmpty();
    assertThat(env.aiven.integrations(OperatorTestEnv.PROJECT)).extracting(IntegrationSnapshot::sourceService).doesNotContain(pgA, pgB);

    // AUDIT: team A's role is audited in its database as team A asked; team B's `none` never reached it.
    long mark = env.pg.logMark();
    env.sqlAsRole(app, orders, "INSERT INTO t20 VALUES (20)");
    List<String> lines = await().atMost(Duration.ofSeconds(30)).until(() -> env.pg.auditLinesSince(mark),
        l -> l.stream().anyMatch(line -> line.contains("INSERT INTO t20")));
    assertThat(lines).filteredOn(l -> l.contains(app + "@" + orders)).singleElement().asString()
        .contains("AUDIT: SESSION,").contains(",WRITE,INSERT,").contains("INSERT INTO t20 VALUES (20)");

  }

  @Test
  @Order(2)
  void teamBUsesItsOwnServiceAndOpenSearch() {
    env.create(policy(teamB, "own", pgB).defaultToken().serviceScope().log(WRITE).sink(osB, "team-b", 3).build());
    env.awaitReady(teamB, "own");
    assertThat(env.aiven.integrations(OperatorTestEnv.PROJECT)).filteredOn(i -> pgB.equals(i.sourceService()))
        .singleElement().satisfies(i -> assertThat(i.destService()).isEqualTo(osB));
    assertThat(env.pgaudit(pgB)).containsEntry("log", List.of("write"));
  }
}
