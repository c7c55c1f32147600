package dev.pgaudit.demo;

import dev.pgaudit.operator.api.PgAuditPolicy;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One edit as people make them in Git, and its release: settings.logRelation is dropped from
 * orders-writes, and the operator RESETs pgaudit.log_relation on orders (nobody had set it before).
 * A session opened before the edit keeps the old settings: the policy counts it as an old session
 * until it reconnects.
 */
final class EditStep {
  private static final String POLICY = "orders-writes";
  private static final String DATABASE = "orders";

  private final DemoEnvironment env;
  private final PrintStream out;

  EditStep(DemoEnvironment env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  void dropLogRelation(Duration timeout) {
    line("before:  " + DATABASE + "  " + ordersRow());
    try (Connection pooled = Sql.connect(env.avnadmin(DATABASE))) {
      line("a session of avnadmin@" + DATABASE + " is open (as a connection pool keeps one)");
      edit(timeout);
      // PostgreSQL applies ALTER DATABASE ... SET when a session starts: this one still has log_relation.
      awaitOldSessions("1", timeout);
      line(POLICY + " status.coverage.oldSessions: 1   (that session started before the write, still audits the old way)");
    } catch (SQLException e) {
      throw new DemoFailure("cannot hold a session on " + DATABASE + ": " + e.getMessage());
    }
    try (Connection reconnected = Sql.connect(env.avnadmin(DATABASE))) {
      awaitOldSessions(null, timeout);
      line("after it reconnects: no old session left (status.coverage.oldSessions is gone)");
    } catch (SQLException e) {
      throw new DemoFailure("cannot reconnect to " + DATABASE + ": " + e.getMessage());
    }
  }

  private void awaitOldSessions(String count, Duration timeout) {
    boolean seen = Poll.until(timeout, Duration.ofMillis(100), () -> {
      PgAuditPolicy p = env.client().resources(PgAuditPolicy.class).inNamespace(DemoEnvironment.NAMESPACE).withName(POLICY).get();
      return p != null && p.getStatus() != null && p.getStatus().getCoverage() != null
          && Objects.equals(p.getStatus().getCoverage().getOldSessions(), count);
    });
    if (!seen) throw new DemoFailure(POLICY + " status.coverage.oldSessions did not become " + count);
  }

  private void edit(Duration timeout) {
    PgAuditPolicy edited = env.client().resources(PgAuditPolicy.class).inNamespace(DemoEnvironment.NAMESPACE)
        .withName(POLICY).edit(p -> {
          p.getSpec().getSettings().setLogRelation(null);
          return p;
        });
    line("pgauditpolicy/" + POLICY + " edited: settings.logRelation removed");
    long generation = edited.getMetadata().getGeneration();
    boolean converged = Poll.until(timeout, Duration.ofMillis(100), () -> {
      PgAuditPolicy p = env.client().resources(PgAuditPolicy.class).inNamespace(DemoEnvironment.NAMESPACE).withName(POLICY).get();
      return p != null && Objects.equals(p.getStatus() == null ? null : p.getStatus().getObservedGeneration(), generation)
          && PolicyView.converged(p);
    });
    if (!converged) throw new DemoFailure(POLICY + " did not converge after the edit");
    String after = ordersRow();
    line("after:   " + DATABASE + "  " + after + "   (log_relation released: RESET, as before the operator)");
    if (after.contains("log_relation")) throw new DemoFailure("pgaudit.log_relation is still set on " + DATABASE);
  }

  private String ordersRow() {
    return StateReport.read(env).sqlSettings().stream()
        .filter(row -> row.equals(List.of(DATABASE, "*", row.get(2))))
        .map(row -> StateReport.settings(row.get(2))).findFirst().orElse("(no pgaudit settings)");
  }

  private void line(String text) {
    out.println(TextTable.INDENT + text);
  }
}
