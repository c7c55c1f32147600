package dev.pgaudit.demo;

import dev.pgaudit.testkit.postgres.PgLogin;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Application sessions after the policies took effect: each statement on a new connection (role
 * and database settings apply when a session starts), then the pgaudit entries they left in the
 * server log, trimmed to who, where and what.
 */
final class AuditedSessions {
  /** log_line_prefix is '%m [%p] %u@%d ' (PgAuditCluster); the entry continues with "LOG:  AUDIT: ...". */
  private static final Pattern AUDIT_ENTRY = Pattern.compile("\\[\\d+\\] (\\S+@\\S+) \\w+:\\s+AUDIT: (.*)", Pattern.DOTALL);
  private static final int MAX_AUDIT_TEXT = 130;

  /** One pgaudit entry: user@database and the CSV pgaudit wrote (AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,...). */
  record AuditLine(String session, String text) {
    String auditClass() {
      String[] fields = text.split(",", 5);
      return fields.length > 3 ? fields[3] : "";
    }
  }

  private record Step(String role, String database, String sql, Object[] parameters) {
    String shown() {
      if (parameters.length == 0) return sql;
      List<String> values = new ArrayList<>();
      for (Object p : parameters) values.add(String.valueOf(p));
      return sql + "   -- parameters: " + String.join(", ", values);
    }
  }

  private static final List<Step> STEPS = List.of(
      new Step("app_rw", "orders", "INSERT INTO orders (customer, amount) VALUES ('initech', 42.00)", new Object[0]),
      new Step("app_rw", "orders", "UPDATE orders SET status = ? WHERE customer = ?", new Object[] {"shipped", "acme"}),
      new Step("app_rw", "orders", "SELECT count(*) FROM orders WHERE status = 'new'", new Object[0]),
      new Step("reporting", "billing", "SELECT customer, sum(amount) FROM invoices GROUP BY customer", new Object[0]));

  private AuditedSessions() {}

  /** Runs the statements, prints them and the AUDIT lines that followed; returns those lines. */
  static List<AuditLine> run(DemoEnvironment env, PrintStream out) {
    long mark = env.pg.logMark();
    for (Step step : STEPS) {
      PgLogin session = env.session(step.role(), step.database());
      out.println(TextTable.INDENT + step.role() + "@" + step.database() + "=> " + step.shown());
      Sql.executePrepared(session, step.sql(), step.parameters());
    }
    // The log file is read while the server may still be writing it: wait until every session shows up.
    List<AuditLine> lines = new ArrayList<>();
    Poll.until(Duration.ofSeconds(5), Duration.ofMillis(50), () -> {
      lines.clear();
      lines.addAll(auditLines(env, mark));
      return lines.size() >= STEPS.size() && STEPS.stream().allMatch(step -> hasSession(lines, step));
    });
    out.println();
    out.println(TextTable.INDENT + "the AUDIT entries these sessions left in the PostgreSQL log, after the \"user@db LOG:  AUDIT:\" prefix");
    out.println(TextTable.INDENT + "(AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,CLASS,COMMAND,OBJECT_TYPE,OBJECT_NAME,STATEMENT,PARAMETER[,ROWS]):");
    if (lines.isEmpty()) {
      out.println(TextTable.INDENT + "  (nothing)");
    } else {
      TextTable.print(out, List.of("  SESSION", "ENTRY"), lines.stream()
          .map(l -> List.of("  " + l.session(), TextTable.shorten(l.text(), MAX_AUDIT_TEXT))).toList());
    }
    return lines;
  }

  private static boolean hasSession(List<AuditLine> lines, Step step) {
    return lines.stream().anyMatch(l -> l.session().equals(step.role() + "@" + step.database()));
  }

  /** The AUDIT entries of the demo's application sessions (not the operator's own connections). */
  private static List<AuditLine> auditLines(DemoEnvironment env, long mark) {
    List<AuditLine> lines = new ArrayList<>();
    for (String entry : env.pg.auditLinesSince(mark)) {
      Matcher m = AUDIT_ENTRY.matcher(entry);
      if (!m.find()) continue;
      String session = m.group(1);
      boolean ours = STEPS.stream().anyMatch(s -> session.equals(s.role() + "@" + s.database()));
      if (ours) lines.add(new AuditLine(session, m.group(2).replaceAll("\\s*\\n\\s*", " ").strip()));
    }
    return lines;
  }
}
