package dev.pgaudit.operator.coverage;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.MISC;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.Policies;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.ConnectRights;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Given what is stored on a service, which pairs each policy really covers, and what shadows the others. */
class CoverageTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");
  private static final List<String> DATABASES = List.of("billing", "orders");
  private static final List<String> ROLES = List.of("app", "reporting");

  private final PgAuditPolicy billingDdl = Policies.database("billing-ddl", "2026-01-01T00:00:00Z", List.of("billing"), DDL);
  private final PgAuditPolicy reportingInBilling = Policies.policy("reporting-in-billing", "2026-01-02T00:00:00Z",
      ScopeLevel.DatabaseRole, List.of("billing"), List.of("reporting"), READ, MISC);

  private static Observed observed(Map<SqlTarget, Map<PgAuditSetting, String>> stored, Map<String, Object> pgaudit) {
    return new Observed(SERVICE, pgaudit, new StoredSettings(stored, DATABASES, ROLES), List.of());
  }

  private static Map<String, Object> enabled() {
    return Map.of("feature_enabled", true);
  }

  private static Map<SqlTarget, Map<PgAuditSetting, String>> stored(Object... targetSettingValue) {
    Map<SqlTarget, Map<PgAuditSetting, String>> stored = new LinkedHashMap<>();
    for (int i = 0; i < targetSettingValue.length; i += 3) {
      stored.computeIfAbsent((SqlTarget) targetSettingValue[i], t -> new LinkedHashMap<>())
          .put((PgAuditSetting) targetSettingValue[i + 1], (String) targetSettingValue[i + 2]);
    }
    return stored;
  }

  private static CoverageReport coverage(PgAuditPolicy policy, Observed observed, PgAuditPolicy... live) {
    List<PolicyIntent> intents = java.util.Arrays.stream(live).map(Intents::of).toList();
    return Coverage.of(Intents.of(policy), observed, Ownership.resolve(intents));
  }

  @Test
  void aRoleInDatabaseSettingOfAnotherPolicyShadowsTheDatabasePolicyForThatRoleOnly() {
    Observed observed = observed(stored(
        new SqlTarget.Database("billing"), PgAuditSetting.LOG, "ddl",
        new SqlTarget.RoleInDatabase("reporting", "billing"), PgAuditSetting.LOG, "read, misc"), enabled());

    CoverageReport report = coverage(billingDdl, observed, billingDdl, reportingInBilling);

    assertThat(report.pairs()).extracting(p -> p.pair() + " " + p.cause())
        .containsExactly("app@billing COVERED", "reporting@billing SHADOWED_BY_POLICY");
    assertThat(report.message()).isEqualTo("1 of 2 (database, login role) pair(s) are not audited as the policy says: "
        + "reporting@billing: pgaudit.log is 'read, misc' from role \"reporting\" in database \"billing\" "
        + "(policy team-a/reporting-in-billing)");
    assertThat(report.worst()).isEqualTo(PairCoverage.Cause.SHADOWED_BY_POLICY);
    assertThat(coverage(reportingInBilling, observed, billingDdl, reportingInBilling).effective()).isTrue();
  }

  @Test
  void anAlterRoleSetMadeOutsideTheOperatorShadowsEveryDatabasePolicyForThatRole() {
    Observed observed = observed(stored(
        new SqlTarget.Database("billing"), PgAuditSetting.LOG, "ddl",
        new SqlTarget.Role("app"), PgAuditSetting.LOG, "none"), enabled());

    CoverageReport report = coverage(billingDdl, observed, billingDdl);

    assertThat(report.notCovered()).extracting(PairCoverage::describe)
        .containsExactly("app@billing: pgaudit.log is 'none' from role \"app\" (set outside the operator)");
    assertThat(report.worst()).isEqualTo(PairCoverage.Cause.SHADOWED_OUTSIDE);
    assertThat(report.count(PairCoverage.Cause.COVERED)).isEqualTo(1);
  }

  @Test
  void aSettingThatMeansTheSameDoesNotShadow() {
    Observed observed = observed(stored(
        new SqlTarget.Database("billing"), PgAuditSetting.LOG, "ddl",
        new SqlTarget.Role("app"), PgAuditSetting.LOG, "DDL"), enabled());

    assertThat(coverage(billingDdl, observed, billingDdl).effective()).isTrue();
  }

  @Test
  void aServicePolicyCoversEveryPairAndIsShadowedWhereverAMoreSpecificValueDiffers() {
    PgAuditPolicy service = Policies.settings(Policies.service("svc", "2026-01-01T00:00:00Z", DDL, ROLE),
        s -> s.setLogRelation(false));
    Map<String, Object> pgaudit = Map.of("feature_enabled", true, "log", List.of("ddl", "role"), "log_relation", false);
    Observed observed = observed(stored(
        new SqlTarget.Database("orders"), PgAuditSetting.LOG_RELATION, "off",
        new SqlTarget.Role("reporting"), PgAuditSetting.LOG, "read"), pgaudit);

    CoverageReport report = coverage(service, observed, service);

    assertThat(report.pairs()).extracting(p -> p.pair() + " " + p.cause()).containsExactly(
        "app@billing COVERED", "reporting@billing SHADOWED_OUTSIDE", "app@orders COVERED", "reporting@orders SHADOWED_OUTSIDE");
    assertThat(report.pairs().get(0).effective().get(PgAuditSetting.LOG))
        .isEqualTo(new Precedence.Effective("ddl, role", new dev.pgaudit.operator.plan.Slot.AivenKey("log")));
  }

  @Test
  void whileTheFeatureIsOffOrTheCatalogWasNotReadCoverageIsUnknown() {
    Observed off = observed(stored(), Map.of("feature_enabled", false));
    Observed notRead = new Observed(SERVICE, enabled(), new StoredSettings(Map.of()), List.of());

    assertThat(coverage(billingDdl, off, billingDdl).message())
        .isEqualTo("coverage not known: pgaudit is not enabled on acme/pg-orders (feature_enabled is off)");
    assertThat(coverage(billingDdl, notRead, billingDdl).message())
        .isEqualTo("coverage not known: the databases and login roles of acme/pg-orders were not read");
  }

  @Test
  void pastTheBoundCoverageIsUnknownWithTheCountInsteadOfComputed() {
    List<String> databases = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "db" + i).toList();
    List<String> roles = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "r" + i).toList();
    Observed big = new Observed(SERVICE, enabled(), new StoredSettings(stored(), databases, roles), List.of());
    PgAuditPolicy service = Policies.policy("all", "2026-01-01T00:00:00Z", ScopeLevel.Service, null, null, DDL);
    PgAuditPolicy twoDatabases = Policies.database("two", "2026-01-01T00:00:00Z", List.of("db1", "db2"), DDL);

    assertThat(coverage(service, big, service).message()).isEqualTo("coverage not known: the policy covers up to 20200"
        + " (database, login role) pairs on acme/pg-orders; coverage examines at most 20000 per reconcile");
    assertThat(coverage(twoDatabases, big, twoDatabases).pairs()).hasSize(202);
  }

  @Test
  void everyScopeCoversOnlyThePairsWhoseRoleMayConnectAndTheBoundCountsThoseOnly() {
    // billing is kept to app; orders is open to every login role
    ConnectRights connect = ConnectRights.restricted(Map.of("billing", List.of("app")));
    Observed observed = new Observed(SERVICE, enabled(), new StoredSettings(stored(
        new SqlTarget.Role("reporting"), PgAuditSetting.LOG, "none"), DATABASES, ROLES, connect), List.of());
    PgAuditPolicy service = Policies.service("svc", "2026-01-01T00:00:00Z", DDL);
    PgAuditPolicy reporting = Policies.policy("reporting", "2026-01-01T00:00:00Z", ScopeLevel.Role, null,
        List.of("reporting"), DDL);
    PgAuditPolicy reportingInBillingOnly = Policies.policy("rib", "2026-01-01T00:00:00Z", ScopeLevel.DatabaseRole,
        List.of("billing"), List.of("reporting"), DDL);

    assertThat(coverage(billingDdl, observed, billingDdl).pairs()).extracting(p -> p.pair() + " " + p.cause())
        .containsExactly("app@billing NOT_IN_PLACE");
    assertThat(coverage(service, observed, service).pairs()).extracting(p -> p.pair().toString())
        .containsExactly("app@billing", "app@orders", "reporting@orders");
    assertThat(coverage(reporting, observed, reporting).pairs()).extracting(p -> p.pair().toString())
        .containsExactly("reporting@orders");
    assertThat(coverage(reportingInBillingOnly, observed, reportingInBillingOnly).pairs()).isEmpty();

    List<String> databases = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "db" + i).toList();
    List<String> roles = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "r" + i).toList();
    Map<String, List<String>> keptToOneRole = new LinkedHashMap<>();
    databases.forEach(d -> keptToOneRole.put(d, List.of("r" + d.substring(2).length())));
    Observed big = new Observed(SERVICE, enabled(), new StoredSettings(stored(), databases, roles,
        ConnectRights.restricted(keptToOneRole)), List.of());
    assertThat(coverage(service, big, service).pairs()).hasSize(200);
  }

  @Test
  void aPolicyWhoseOwnSettingIsNotStoredIsNotInPlaceRatherThanShadowed() {
    CoverageReport report = coverage(billingDdl, observed(stored(), enabled()), billingDdl);

    assertThat(report.pairs()).extracting(PairCoverage::cause).containsOnly(PairCoverage.Cause.NOT_IN_PLACE);
    assertThat(report.pairs().get(0).describe())
        .isEqualTo("app@billing: pgaudit.log is 'none' from pgaudit default (the policy's own setting is not in place)");
  }

  @Test
  void namesThatDoNotExistOrCannotLogInCoverNothing() {
    PgAuditPolicy roles = Policies.policy("roles", "2026-01-01T00:00:00Z", ScopeLevel.Role, null, List.of("auditor", "app"),
        WRITE);
    Observed observed = observed(stored(new SqlTarget.Role("app"), PgAuditSetting.LOG, "write"), enabled());

    CoverageReport report = coverage(roles, observed, roles);

    assertThat(report.pairs()).extracting(p -> p.pair().toString()).containsExactly("app@billing", "app@orders");
    assertThat(report.message()).isEqualTo("all 2 (database, login role) pair(s) the policy covers are audited as it says");
    assertThat(new Pair("Orders", "a\"b").toString()).isEqualTo("\"a\"\"b\"@\"Orders\"");
  }
}
