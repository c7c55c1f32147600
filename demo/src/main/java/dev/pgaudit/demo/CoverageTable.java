package dev.pgaudit.demo;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.coverage.CoverageSnapshot;
import dev.pgaudit.operator.coverage.Pair;
import dev.pgaudit.operator.coverage.Precedence;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SettingValues;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgLogin;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * pg-demo's effective coverage as a table: what a new session of each (database, login role) pair
 * audits (pgaudit.log after PostgreSQL's precedence) and where that value comes from, read the way
 * the operator reads it (one pg_db_role_setting query, user_config.pgaudit); then each Enforce
 * policy's Effective condition.
 */
final class CoverageTable {
  private CoverageTable() {}

  /** pg-demo's state and each live policy's coverage, computed as the operator does. */
  static CoverageSnapshot snapshot(DemoEnvironment env, List<PgAuditPolicy> live) {
    PgLogin avnadmin = env.avnadmin(PgAuditCluster.ADMIN_DATABASE);
    // read with the operator's own gateway, which takes the operator's connection type
    PgConnectionParams params = new PgConnectionParams(avnadmin.host(), avnadmin.port(), avnadmin.user(),
        avnadmin.password(), avnadmin.dbname(), avnadmin.sslmode(), null);
    return CoverageSnapshot.read(params,
        new ServiceKey(DemoEnvironment.PROJECT, DemoEnvironment.PG_SERVICE), StateReport.read(env).pgaudit(), live);
  }

  /** True when every Enforce policy's Effective condition says what its coverage is now. */
  static boolean settled(DemoEnvironment env, List<PgAuditPolicy> live) {
    CoverageSnapshot now = snapshot(env, live);
    return live.stream().filter(p -> !PolicyView.isDryRun(p))
        .allMatch(p -> message(p).equals(now.reports().get(p.getMetadata().getName()).message()));
  }

  /** Prints the table; returns its rows (database, role, classes, from). */
  static List<List<String>> print(DemoEnvironment env, List<PgAuditPolicy> live, PrintStream out) {
    CoverageSnapshot snapshot = snapshot(env, live);
    List<List<String>> rows = new ArrayList<>();
    for (String db : snapshot.stored().databases()) {
      // Only the roles that may connect there: another has no session to audit.
      for (String role : snapshot.stored().connect().rolesOf(db, snapshot.stored().loginRoles())) {
        Precedence.Effective log = snapshot.precedence().effective(new Pair(db, role), PgAuditSetting.LOG);
        String classes = SettingValues.logClasses(log.value()).map(c -> c.stream().sorted()
            .filter(x -> !x.equals("misc_set")).collect(Collectors.joining(", "))).orElse(log.value());
        List<String> holders = snapshot.holders(log.source());
        String by = holders.isEmpty() ? "" : " (" + String.join(", ", holders) + ")";
        rows.add(List.of("  " + db, role, classes.isEmpty() ? "(none)" : classes, log.sourceText() + by));
      }
    }
    out.println(TextTable.INDENT + "Effective coverage of " + DemoEnvironment.PG_SERVICE + ": what a new session of each"
        + " (database, login role) pair audits, and where pgaudit.log comes from:");
    TextTable.print(out, List.of("  DATABASE", "ROLE", "AUDITED CLASSES", "FROM (POLICY)"), rows);
    out.println();
    out.println(TextTable.INDENT + "Effective condition of each Enforce policy (status.coverage.summary: pairs audited as it says):");
    List<List<String>> conditions = new ArrayList<>();
    for (PgAuditPolicy p : live) {
      if (PolicyView.isDryRun(p)) continue;
      var effective = PolicyView.condition(p, Conditions.EFFECTIVE).orElseThrow();
      var coverage = p.getStatus().getCoverage();
      conditions.add(List.of("  " + p.getMetadata().getName(), effective.getStatus() + " " + effective.getReason(),
          coverage == null ? "" : coverage.getSummary()));
    }
    TextTable.print(out, List.of("  NAME", "EFFECTIVE", "COVERED"), conditions);
    return rows;
  }

  /** The Effective message of one policy, for the output. */
  static String message(PgAuditPolicy p) {
    return PolicyView.condition(p, Conditions.EFFECTIVE).map(c -> c.getMessage()).orElse("");
  }
}
