package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.Leftovers.role;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13's walk-through in one go, on two services: every edit from the issue, then every policy
 * deleted. Before the applied record this left five pg_db_role_setting rows and two integrations.
 */
class EditsLeaveNothingTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void theIssuesEditsThenDeletesLeaveNoSettingAndNoIntegration() {
    Leftovers left = new Leftovers(env);
    String ns = env.namespace();
    String first = env.pgService();
    String second = env.pgService();
    String other = "os-other-" + first;
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, other);
    String a = env.database("a");
    String b = env.database("b");
    String c = env.database("c");
    String d = env.database("d");
    String r1 = env.role("r1");
    String r2 = env.role("r2");
    String r3 = env.role("r3");
    String r4 = env.role("r4");
    Leftovers.Target[] targets = {db(a), db(b), db(c), db(d), role(r1), role(r2), role(r3), role(r4)};
    Map<String, Object> firstBefore = left.service(first);
    Map<String, Object> secondBefore = left.service(second);

    env.create(policy(ns, "dbs", first).databases(a, b).log(READ).build());
    env.create(policy(ns, "to-role", first).databases(c).log(WRITE).build());
    env.create(policy(ns, "renamed", first).roles(r2).log(DDL).build());
    env.create(policy(ns, "sink", first).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.create(policy(ns, "mover", first).databases(d).log(READ).settings(s -> s.setLogRows(true)).build());
    env.create(policy(ns, "dry", first).roles(r4).log(READ).settings(s -> s.setLogCatalog(false)).build());
    for (String p : List.of("dbs", "to-role", "renamed", "sink", "mover", "dry")) env.awaitReady(ns, p);

    env.edit(ns, "dbs", p -> p.getSpec().getScope().setDatabases(List.of(a)));
    env.edit(ns, "to-role", p -> p.getSpec().setScope(new Scope(ScopeLevel.Role, null, List.of(r1))));
    env.edit(ns, "renamed", p -> p.getSpec().getScope().setRoles(List.of(r3)));
    env.edit(ns, "sink", p -> p.getSpec().getSink().getOpensearch().setServiceName(other));
    env.edit(ns, "mover", p -> p.getSpec().setService(new ServiceRef(OperatorTestEnv.PROJECT, second)));
    env.edit(ns, "dry", p -> p.getSpec().setMode(Mode.DryRun));
    for (String p : List.of("dbs", "to-role", "renamed", "sink", "mover")) env.awaitReady(ns, p);
    env.awaitCondition(ns, "dry", Conditions.READY, "True", Conditions.Reason.DRY_RUN);
    env.edit(ns, "sink", p -> p.getSpec().setSink(null));
    env.awaitReady(ns, "sink");

    // every edit released what its old spec wrote; the DryRun policy keeps what it wrote while Enforce
    assertThat(left.sql(targets)).containsOnlyKeys(db(a), role(r1), role(r3), role(r4), db(d));
    assertThat(env.events(ns, "mover")).noneMatch(e -> Conditions.EventReason.RECORD_LOST.equals(e.getReason()));
    assertThat(left.integrations(first)).isEmpty();

    for (String p : List.of("dbs", "to-role", "renamed", "sink", "mover", "dry")) env.delete(ns, p);
    for (String p : List.of("dbs", "to-role", "renamed", "sink", "mover", "dry")) env.awaitGone(ns, p);
    assertThat(left.sqlCount(targets)).isZero();
    assertThat(left.integrations(first)).isEmpty();
    assertThat(left.integrations(second)).isEmpty();
    assertThat(left.serviceDiff(firstBefore, first)).isEmpty();
    assertThat(left.serviceDiff(secondBefore, second)).isEmpty();
  }
}
