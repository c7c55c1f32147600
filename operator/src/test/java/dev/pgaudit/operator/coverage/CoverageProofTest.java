package dev.pgaudit.operator.coverage;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.MISC;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.ROLE;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingValues;
import dev.pgaudit.operator.postgres.TestLogins;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import dev.pgaudit.testkit.postgres.PgLogin;
import io.fabric8.kubernetes.api.model.Condition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ready means audited, proved with the audit log: the demo's policies, one more role silenced from
 * outside the operator (ALTER ROLE ... SET), and then a session as every pair any policy covers,
 * running one statement of each class the policies name. The AUDIT lines of each session must be
 * exactly the classes the coverage report says are in force there: the policy's own where it is
 * covered, the winning setting's where it is shadowed.
 */
class CoverageProofTest {
  /** A statement of each class the demo's policies name (role needs privileges a probe session lacks). */
  private static final Map<String, String> PROBES = probes();
  private static final Pattern AUDIT = Pattern.compile(" (\\S+)@(\\S+) LOG:  AUDIT: SESSION,\\d+,\\d+,([A-Z_]+),");

  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));

  @Test
  void theAuditLogOfEveryCoveredPairIsExactlyWhatTheCoverageReportSays() throws Exception {
    String ns = env.namespace();
    String service = env.pgService();
    String orders = env.database("orders");
    String billing = env.database("billing");
    String appRw = env.role("app_rw");
    String reporting = env.role("reporting");
    String clerk = env.role("clerk");
    env.sqlAsAvnadmin("CREATE ROLE auditor NOLOGIN");
    List<PgAuditPolicy> policies = List.of(
        policy(ns, "pg-ddl-and-roles", service).serviceScope().log(DDL, ROLE).settings(s -> s.setRole("auditor")).build(),
        policy(ns, "orders-writes", service).databases(orders).log(WRITE, DDL).build(),
        policy(ns, "app-rw-reads-and-writes", service).roles(appRw).log(READ, WRITE).build(),
        policy(ns, "reporting-reads-kept", service).roles(reporting).log(READ).build(),
        policy(ns, "billing-reporting-reads", service).rolesInDatabases(List.of(reporting), List.of(billing))
            .log(READ, MISC).build(),
        policy(ns, "billing-ddl", service).databases(billing).log(DDL).build());
    policies.forEach(env::create);
    policies.forEach(p -> env.awaitReady(ns, p.getMetadata().getName()));
    // Outside the operator: a DBA silences clerk everywhere.
    env.sqlAsAvnadmin("ALTER ROLE " + OperatorTestEnv.quote(clerk) + " SET pgaudit.log = 'none'");
    // The operator notices at its next look (the resync); a policy's write makes its peers look at once.
    env.edit(ns, "billing-ddl", p -> {
      AuditSettings settings = new AuditSettings();
      settings.setLogRows(true);
      p.getSpec().setSettings(settings);
    });
    env.awaitReady(ns, "billing-ddl");

    Map<String, CoverageReport> reports = reports(service, ns, policies);
    CoverageReport billingDdl = reports.get("billing-ddl");
    assertThat(billingDdl.pairs()).extracting(p -> p.pair() + " " + p.cause()).contains(
        appRw + "@" + billing + " SHADOWED_BY_POLICY", clerk + "@" + billing + " SHADOWED_OUTSIDE",
        reporting + "@" + billing + " SHADOWED_BY_POLICY", "avnadmin@" + billing + " COVERED");
    assertThat(reports.get("billing-reporting-reads").effective()).isTrue();

    // The operator says the same, condition and counts.
    for (PgAuditPolicy p : policies) {
      String name = p.getMetadata().getName();
      CoverageReport report = reports.get(name);
      String reason = report.effective() ? Conditions.Reason.COVERED : switch (report.worst()) {
        case SHADOWED_OUTSIDE -> Conditions.Reason.SHADOWED_OUTSIDE;
        case SHADOWED_BY_POLICY -> Conditions.Reason.SHADOWED_BY_POLICY;
        default -> Conditions.Reason.NOT_IN_PLACE;
      };
      Condition effective = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> env.condition(ns, name, Conditions.EFFECTIVE).orElse(null),
              c -> c != null && reason.equals(c.getReason()) && report.message().equals(c.getMessage()));
      assertThat(effective.getStatus()).isEqualTo(report.effective() ? "True" : "False");
      assertThat(env.get(ns, name).getStatus().getCoverage().getSummary())
          .isEqualTo(report.count(PairCoverage.Cause.COVERED) + "/" + report.pairs().size());
    }

    // Turning False was announced: a Warning event with the condition's reason and message.
    assertThat(env.events(ns, "billing-ddl")).filteredOn(e -> Conditions.EventReason.NOT_EFFECTIVE.equals(e.getReason()))
        .anySatisfy(e -> assertThat(e.getType() + " " + e.getMessage())
            .isEqualTo("Warning ShadowedOutside: " + billingDdl.message()));

    // Every pair any policy covers, and what its sessions must write to the audit log.
    Map<Pair, Set<String>> expected = new TreeMap<>(Pair.ORDER);
    reports.values().forEach(r -> r.pairs().forEach(p -> expected.put(p.pair(), classes(p))));
    prepareProbeTables(expected.keySet().stream().map(Pair::database).distinct().toList());

    long mark = env.pg.logMark();
    for (Pair pair : expected.keySet()) probe(pair);
    probeBarrier();
    List<String> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> env.pg.auditLinesSince(mark), l -> l.stream().anyMatch(x -> x.contains("coverage-proof-barrier")));

    Map<Pair, Set<String>> audited = new TreeMap<>(Pair.ORDER);
    expected.keySet().forEach(p -> audited.put(p, new TreeSet<>()));
    for (String line : lines) {
      Matcher m = AUDIT.matcher(line);
      if (!m.find()) continue;
      Pair pair = new Pair(m.group(2), m.group(1));
      if (audited.containsKey(pair)) audited.get(pair).add(m.group(3).toLowerCase());
    }
    assertThat(audited).isEqualTo(expected);
    // Not vacuous: the shadows change what is logged.
    assertThat(audited.get(new Pair(billing, clerk))).isEmpty();
    assertThat(audited.get(new Pair(billing, reporting))).containsExactly("misc", "read");
    assertThat(audited.get(new Pair(billing, "avnadmin"))).containsExactly("ddl");
  }

  /** Each policy's coverage computed from one fresh read of the service, as the operator computes it. */
  private static Map<String, CoverageReport> reports(String service, String ns, List<PgAuditPolicy> policies) {
    List<PgAuditPolicy> live = policies.stream().map(p -> env.get(ns, p.getMetadata().getName())).toList();
    return CoverageSnapshot.read(TestLogins.params(env.pg.avnadminParams()), new ServiceKey(OperatorTestEnv.PROJECT, service),
        env.pgaudit(service), live).reports();
  }

  /** The probed classes that the effective pgaudit.log of the pair turns on. */
  private static Set<String> classes(PairCoverage pair) {
    String log = pair.effective().get(PgAuditSetting.LOG).value();
    Set<String> on = new TreeSet<>(SettingValues.logClasses(log).orElseThrow());
    on.retainAll(PROBES.keySet());
    return on;
  }

  private static void prepareProbeTables(List<String> databases) throws SQLException {
    for (String db : databases) {
      execute(env.pg.superuserParams(db), "SET pgaudit.log = 'none'",
          "CREATE TABLE IF NOT EXISTS public.coverage_probe (i int)", "GRANT ALL ON public.coverage_probe TO PUBLIC");
    }
  }

  /** A new session as the pair's role in its database (settings apply when a session starts). */
  private static void probe(Pair pair) throws SQLException {
    PgLogin params = new PgLogin("127.0.0.1", env.pg.port(), pair.role(), null, pair.database(),
        "disable");
    execute(params, PROBES.values().toArray(String[]::new));
  }

  /** Its AUDIT line comes after every probe's: once it is in the log, so are they. */
  private static void probeBarrier() throws SQLException {
    execute(env.pg.superuserParams(), "SET pgaudit.log = 'read'", "SELECT 'coverage-proof-barrier' FROM pg_class LIMIT 1");
  }

  private static void execute(PgLogin params, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
         Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  private static Map<String, String> probes() {
    Map<String, String> probes = new LinkedHashMap<>();
    probes.put("read", "SELECT count(*) FROM public.coverage_probe");
    probes.put("write", "INSERT INTO public.coverage_probe VALUES (1)");
    probes.put("ddl", "CREATE TEMPORARY TABLE coverage_probe_ddl (i int)");
    probes.put("misc", "DISCARD PLANS");
    return probes;
  }
}
