package dev.pgaudit.operator.postgres;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One JDBC connection to one service, used for one reconcile. */
public final class PgAuditSession implements AutoCloseable {

  /** server_version_num, e.g. 150018. */
  public int serverVersionNum() {
    throw new UnsupportedOperationException("issue 4");
  }

  /** One query over pg_db_role_setting: every stored pgaudit.* setting of every target. */
  public StoredSettings readAll() {
    throw new UnsupportedOperationException("issue 4");
  }

  /**
   * Runs exactly the given changes on one target, SET for {@code set} (values as pgaudit takes
   * them, e.g. "read, ddl", "on", "log") and RESET for {@code reset}; nothing else. Returns the
   * statements executed. Failures become a {@link SqlSettingsException} naming setting and target.
   */
  public List<String> apply(SqlTarget target, Map<PgAuditSetting, String> set, Set<PgAuditSetting> reset) {
    throw new UnsupportedOperationException("issue 4");
  }

  /**
   * Reads the target's settings and applies the minimal SET/RESET to reach {@code desired}
   * (a null value means RESET); settings not in the map are untouched. Returns the statements run.
   */
  public List<String> converge(SqlTarget target, Map<PgAuditSetting, String> desired) {
    throw new UnsupportedOperationException("issue 4");
  }

  /** What would stop writing these settings on these targets; empty when nothing would. */
  public List<Finding> preflight(Collection<SqlTarget> targets, Set<PgAuditSetting> settingsToWrite) {
    throw new UnsupportedOperationException("issue 4");
  }

  @Override
  public void close() {}
}
