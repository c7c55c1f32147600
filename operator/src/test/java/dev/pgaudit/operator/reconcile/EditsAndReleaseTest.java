package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.Leftovers.db;
import static dev.pgaudit.operator.reconcile.Leftovers.role;
import static dev.pgaudit.operator.reconcile.Leftovers.roleIn;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Editing a policy the way people do in Git releases what the old spec wrote and the new one does
 * not want, and deleting it leaves nothing behind: real PostgreSQL + pgaudit, the simulator.
 */
class EditsAndReleaseTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static final Leftovers left = new Leftovers(env);

  @Test
  void aDatabaseRemovedFromScopeIsReset() {
    String ns = env.namespace();
    String service = env.pgService();
    String kept = env.database("kept");
    String removed = env.database("removed");
    env.create(policy(ns, "p", service).databases(kept, removed).log(READ).settings(s -> s.setLogCatalog(false)).build());
    env.awaitReady(ns, "p");
    assertThat(left.sqlCount(db(kept), db(removed))).isEqualTo(4);

    env.edit(ns, "p", p -> p.getSpec().getScope().setDatabases(List.of(kept)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(kept), db(removed))).containsOnlyKeys(db(kept));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(db(kept), db(removed))).isZero();
  }

  @Test
  void aDroppedDatabaseTakenOutOfTheScopeNeedsNoRelease() {
    String ns = env.namespace();
    String service = env.pgService();
    String kept = env.database("kept");
    String dropped = env.database("dropped");
    env.create(policy(ns, "p", service).databases(kept, dropped).log(READ).build());
    env.awaitReady(ns, "p");
    env.sqlAsAvnadmin("DROP DATABASE " + OperatorTestEnv.quote(dropped));

    env.edit(ns, "p", p -> p.getSpec().getScope().setDatabases(List.of(kept)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(kept))).containsOnlyKeys(db(kept));
  }

  @Test
  void databaseScopeMovedToRoleScopeResetsTheDatabases() {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String app = env.role("app");
    env.create(policy(ns, "p", service).databases(orders).log(WRITE).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().setScope(new Scope(ScopeLevel.Role, null, List.of(app))));
    env.awaitReady(ns, "p");
    assertThat(left.sql(db(orders), role(app))).isEqualTo(Map.of(role(app), Map.of("pgaudit.log", "write")));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(db(orders), role(app))).isZero();
  }

  @Test
  void aRenamedRoleLosesItsSettings() {
    String ns = env.namespace();
    String service = env.pgService();
    String before = env.role("before");
    String after = env.role("after");
    env.create(policy(ns, "p", service).roles(before).log(DDL).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().getScope().setRoles(List.of(after)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(role(before), role(after))).containsOnlyKeys(role(after));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(role(before), role(after))).isZero();
  }

  @Test
  void anEditToAMissingRoleReleasesNothingUntilItIsFixed() {
    String ns = env.namespace();
    String service = env.pgService();
    String before = env.role("before");
    String after = env.role("after");
    env.create(policy(ns, "p", service).roles(before).log(DDL).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().getScope().setRoles(List.of("ghost_" + after)));
    env.awaitCondition(ns, "p", Conditions.READY, "False", Conditions.Reason.ROLE_NOT_FOUND);
    assertThat(left.sql(role(before))).containsOnlyKeys(role(before));

    env.edit(ns, "p", p -> p.getSpec().getScope().setRoles(List.of(after)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(role(before), role(after))).containsOnlyKeys(role(after));
    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(role(before), role(after))).isZero();
  }

  @Test
  void databaseRoleScopeReleasesTheRemovedPairs() {
    String ns = env.namespace();
    String service = env.pgService();
    String d1 = env.database("d1");
    String d2 = env.database("d2");
    String r = env.role("r");
    env.create(policy(ns, "p", service).rolesInDatabases(List.of(r), List.of(d1, d2)).log(READ, WRITE).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().getScope().setDatabases(List.of(d1)));
    env.awaitReady(ns, "p");
    assertThat(left.sql(roleIn(r, d1), roleIn(r, d2))).containsOnlyKeys(roleIn(r, d1));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(roleIn(r, d1), roleIn(r, d2))).isZero();
  }

  @Test
  void serviceSettingsDroppedFromTheSpecGoBackToTheirDefaults() {
    String ns = env.namespace();
    String service = env.pgService();
    Map<String, Object> before = left.service(service);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).settings(s -> {
      s.setLogCatalog(false);
      s.setLogRows(true);
    }).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().getSettings().setLogRows(null));
    env.awaitReady(ns, "p");
    assertThat(left.serviceDiff(before, service)).containsOnlyKeys("feature_enabled", "log", "log_catalog");

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.serviceDiff(before, service)).isEmpty();
  }

  @Test
  void aMovedSinkDeletesTheOldIntegrationAndARemovedSinkDeletesTheNewOne() {
    String ns = env.namespace();
    String service = env.pgService();
    String other = "os-other-" + service;
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, other);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> p.getSpec().getSink().getOpensearch().setServiceName(other));
    env.awaitReady(ns, "p");
    assertThat(left.integrations(service)).singleElement().satisfies(i -> assertThat(i.destService()).isEqualTo(other));

    env.edit(ns, "p", p -> p.getSpec().setSink(null));
    env.awaitReady(ns, "p");
    assertThat(left.integrations(service)).isEmpty();
    assertThat(env.get(ns, "p").getStatus().getIntegrationId()).isNull();
  }

  @Test
  void aChangedServiceReleasesEverythingOnTheOldOne() {
    String ns = env.namespace();
    String first = env.pgService();
    String second = env.pgService();
    String orders = env.database("orders");
    Map<String, Object> firstBefore = left.service(first);
    env.create(policy(ns, "p", first).serviceScope().log(DDL).sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "p");
    env.create(policy(ns, "db", first).databases(orders).log(READ).build());
    env.awaitReady(ns, "db");

    env.edit(ns, "p", p -> p.getSpec().setService(new ServiceRef(OperatorTestEnv.PROJECT, second)));
    env.awaitReady(ns, "p");
    // the other policy still targets the first service: the flag stays on, the rest is released
    assertThat(left.serviceDiff(firstBefore, first)).containsOnlyKeys("feature_enabled");
    assertThat(left.integrations(first)).isEmpty();
    assertThat(left.integrations(second)).hasSize(1);
    assertThat(env.pgaudit(second)).containsEntry("feature_enabled", true);
    assertThat(env.events(ns, "p")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo(Conditions.EventReason.RELEASED))
        .noneMatch(e -> Conditions.EventReason.RECORD_LOST.equals(e.getReason()));

    env.delete(ns, "db");
    env.awaitGone(ns, "db");
    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.serviceDiff(firstBefore, first)).isEmpty();
    assertThat(left.sqlCount(db(orders))).isZero();
    assertThat(left.integrations(second)).isEmpty();
    assertThat(env.pgaudit(second)).containsEntry("feature_enabled", false);
  }

  @Test
  void enforceThenDryRunKeepsWhatIsInPlaceShowsTheReleaseAndDeletingUndoesIt() {
    String ns = env.namespace();
    String service = env.pgService();
    String a = env.database("a");
    String b = env.database("b");
    Map<String, Object> before = left.service(service);
    env.create(policy(ns, "p", service).databases(a, b).log(READ).build());
    env.awaitReady(ns, "p");

    env.edit(ns, "p", p -> {
      p.getSpec().setMode(Mode.DryRun);
      p.getSpec().getScope().setDatabases(List.of(a));
    });
    env.awaitCondition(ns, "p", Conditions.READY, "True", Conditions.Reason.DRY_RUN);
    assertThat(left.sqlCount(db(a), db(b))).isEqualTo(2);
    assertThat(env.get(ns, "p").getStatus().getPlan())
        .containsExactly(new PlannedChange("database \"" + b + "\"", "pgaudit.log", "read", "(unset)"));

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.sqlCount(db(a), db(b))).isZero();
    assertThat(left.serviceDiff(before, service)).isEmpty();
  }

  @Test
  void aDryRunPlanListsTheServiceKeyAndTheIntegrationItsSpecWouldRelease() {
    String ns = env.namespace();
    String service = env.pgService();
    Map<String, Object> before = left.service(service);
    env.create(policy(ns, "p", service).serviceScope().log(DDL).settings(s -> s.setLogRows(true))
        .sink(OperatorTestEnv.OPENSEARCH, "logs", 3).build());
    env.awaitReady(ns, "p");
    String integration = left.integrations(service).get(0).id();

    env.edit(ns, "p", p -> {
      p.getSpec().setMode(Mode.DryRun);
      p.getSpec().setSettings(null);
      p.getSpec().setSink(null);
    });
    env.awaitCondition(ns, "p", Conditions.READY, "True", Conditions.Reason.DRY_RUN);
    assertThat(env.get(ns, "p").getStatus().getPlan()).hasSize(2)
        .contains(new PlannedChange("service", "pgaudit.log_rows", "true", "false"))
        .anySatisfy(c -> {
          assertThat(c.getTarget()).contains(OperatorTestEnv.OPENSEARCH);
          assertThat(List.of(c.getSetting(), c.getFrom(), c.getTo())).containsExactly("delete", integration, "(unset)");
        });
    assertThat(left.integrations(service)).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(integration));
    assertThat(env.pgaudit(service)).containsEntry("log_rows", true);

    env.delete(ns, "p");
    env.awaitGone(ns, "p");
    assertThat(left.integrations(service)).isEmpty();
    assertThat(left.serviceDiff(before, service)).isEmpty();
  }
}
