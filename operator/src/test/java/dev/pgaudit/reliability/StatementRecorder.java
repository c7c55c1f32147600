package dev.pgaudit.reliability;

import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.postgres.SettingWrite;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.List;

/** Every SQL statement the operator ran, with its target, as the gateway reports them after commit. */
final class StatementRecorder implements PgSessionOpener.StatementListener {

  record Statement(SqlTarget target, String sql) {}

  private final List<Statement> statements = new ArrayList<>();

  @Override
  public synchronized void applied(SettingWrite write) {
    statements.add(new Statement(write.target(), write.sql()));
  }

  synchronized List<Statement> all() {
    return List.copyOf(statements);
  }

  synchronized int count() {
    return statements.size();
  }

  /** The statements recorded since {@code mark} (a former {@link #count()}). */
  synchronized List<Statement> since(int mark) {
    return List.copyOf(statements.subList(Math.min(mark, statements.size()), statements.size()));
  }
}
