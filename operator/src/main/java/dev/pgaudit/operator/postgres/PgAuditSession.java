package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.postgresql.core.BaseConnection;

/**
 * One JDBC connection to one service, used by one reconcile at a time. Not thread-safe. Closing it
 * gives it back to its opener, which keeps it idle a few seconds or disconnects.
 */
public final class PgAuditSession implements AutoCloseable {

  private final Connection connection;
  private final PgSessionOpener.StatementListener listener;
  private final SessionLifecycle lifecycle;
  private Preflight.Facts facts;
  private long idleSinceNanos;
  /** Between being handed out and being closed; closing twice gives it back once. */
  private boolean inUse = true;
  private boolean discarded;

  PgAuditSession(Connection connection, PgSessionOpener.StatementListener listener, SessionLifecycle lifecycle) {
    this.connection = connection;
    this.listener = listener;
    this.lifecycle = lifecycle;
  }

  /** How long ago this session logged in: its proof that the credentials work is that old. */
  public Duration loginAge() {
    return lifecycle.loginAge();
  }

  /** server_version_num, e.g. 150018. */
  public int serverVersionNum() {
    try {
      return facts().serverVersionNum();
    } catch (SQLException e) {
      throw SqlErrors.failedQuery(e, "read the server version");
    }
  }

  /** One query over pg_db_role_setting: every stored pgaudit.* setting of every target. */
  public StoredSettings readAll() {
    try {
      return StoredSettingsQuery.readAll(connection);
    } catch (SQLException e) {
      throw SqlErrors.failedQuery(e, "read the pgaudit settings from pg_db_role_setting");
    }
  }

  /** One query over pg_stat_activity: every client session but this process's own, and the server's time. */
  public ClientSessions clientSessions() {
    try {
      return ClientSessions.read(connection, lifecycle.ownBackends().get());
    } catch (SQLException e) {
      throw SqlErrors.failedQuery(e, "read the sessions from pg_stat_activity");
    }
  }

  /** The pgaudit settings stored on one target; empty when none (or when the target does not exist). */
  public Map<PgAuditSetting, String> read(SqlTarget target) {
    try {
      return StoredSettingsQuery.readTarget(connection, target);
    } catch (SQLException e) {
      throw SqlErrors.failedQuery(e, "read the pgaudit settings of " + target.describe());
    }
  }

  /**
   * The names among {@code roles} that no role has (pgaudit.role naming one of them audits no
   * object). One query; names are bound as parameters.
   */
  public Set<String> missingRoles(Collection<String> roles) {
    Set<String> missing = new java.util.LinkedHashSet<>();
    if (roles.isEmpty()) return missing;
    String sql = "SELECT n FROM unnest(?::text[]) AS n"
        + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = n)";
    try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setArray(1, connection.createArrayOf("text", roles.toArray(String[]::new)));
      try (java.sql.ResultSet rows = statement.executeQuery()) {
        while (rows.next()) missing.add(rows.getString(1));
      }
      return missing;
    } catch (SQLException e) {
      throw SqlErrors.failedQuery(e, "check that the pgaudit.role role(s) exist");
    }
  }

  /**
   * Runs exactly the given changes on one target, SET for {@code set} (values as pgaudit takes
   * them, e.g. "read, ddl", "on", "log") and RESET for {@code reset}; nothing else. Returns the
   * statements executed. Failures become a {@link SqlSettingsException} naming setting and target.
   *
   * <p>All statements of one call run in one transaction: either every change lands or none does
   * (ALTER ... SET is transactional). The listener hears about the statements only after the
   * commit, so it never counts a change that was rolled back.
   */
  public List<String> apply(SqlTarget target, Map<PgAuditSetting, String> set, Set<PgAuditSetting> reset) {
    Objects.requireNonNull(target, "target");
    List<SettingWrite> writes = writes(target, set, reset);
    if (writes.isEmpty()) return List.of();
    runInOneTransaction(target, writes);
    writes.forEach(listener::applied);
    return writes.stream().map(SettingWrite::sql).toList();
  }

  /** One target's changes, for {@link #applyAll}. */
  public record TargetChanges(SqlTarget target, Map<PgAuditSetting, String> set, Set<PgAuditSetting> reset) {}

  /** Targets per transaction in {@link #applyAll}: one round trip each, short enough to hold few locks for long. */
  static final int TARGETS_PER_BATCH = 500;

  /**
   * Applies many targets' changes in few round trips: up to {@link #TARGETS_PER_BATCH} targets per
   * transaction, their statements sent as one JDBC batch. A batch that fails is rolled back and
   * its targets applied one by one ({@link #apply}) up to the first that fails, so the failure
   * names its own target and setting. Returns the targets that landed, in order; when it is not
   * all of them, {@code failure} gets the first failure (later targets were not tried).
   */
  public List<SqlTarget> applyAll(List<TargetChanges> all, java.util.function.Consumer<SqlSettingsException> failure) {
    List<SqlTarget> landed = new ArrayList<>();
    for (int from = 0; from < all.size(); from += TARGETS_PER_BATCH) {
      List<TargetChanges> batch = all.subList(from, Math.min(all.size(), from + TARGETS_PER_BATCH));
      List<SettingWrite> statements = new ArrayList<>();
      for (TargetChanges t : batch) statements.addAll(writes(t.target(), t.set(), t.reset()));
      if (statements.isEmpty() || runBatch(statements)) {
        statements.forEach(listener::applied);
        batch.forEach(t -> landed.add(t.target()));
        continue;
      }
      for (TargetChanges t : batch) {
        try {
          apply(t.target(), t.set(), t.reset());
          landed.add(t.target());
        } catch (SqlSettingsException e) {
          failure.accept(e);
          return landed;
        }
      }
    }
    return landed;
  }

  /** Runs the statements as one batch in one transaction; false (rolled back) when any failed. */
  private boolean runBatch(List<SettingWrite> statements) {
    try {
      connection.setAutoCommit(false);
      try (Statement jdbc = connection.createStatement()) {
        for (SettingWrite w : statements) jdbc.addBatch(w.sql());
        jdbc.executeBatch();
      }
      connection.commit();
      return true;
    } catch (SQLException e) {
      rollbackQuietly();
      return false;
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // the connection is broken; the one-by-one retry reports that
      }
    }
  }

  /**
   * Reads the target's settings and applies the minimal SET/RESET to reach {@code desired}
   * (a null value means RESET); settings not in the map are untouched. Returns the statements run.
   * Values equal in meaning ({@link SettingValues#sameMeaning}) are left as stored.
   */
  public List<String> converge(SqlTarget target, Map<PgAuditSetting, String> desired) {
    Map<PgAuditSetting, String> stored = read(target);
    Map<PgAuditSetting, String> set = new LinkedHashMap<>();
    Set<PgAuditSetting> reset = EnumSet.noneOf(PgAuditSetting.class);
    for (Map.Entry<PgAuditSetting, String> wanted : desired.entrySet()) {
      PgAuditSetting setting = wanted.getKey();
      String current = stored.get(setting);
      if (wanted.getValue() == null) {
        if (current != null) reset.add(setting);
      } else if (!SettingValues.sameMeaning(setting, current, wanted.getValue())) {
        set.put(setting, wanted.getValue());
      }
    }
    return apply(target, set, reset);
  }

  /**
   * What would stop writing these settings on these targets; empty when nothing would. Findings
   * about a target carry no setting; findings about a parameter (privilege, unknown to this
   * server) are repeated for every target, so each finding names the target it blocks. If the
   * checks themselves cannot run (e.g. the connection dropped), the result is that one failure as
   * a finding without target (CONNECTION_FAILED for a lost connection). Uses at most three
   * queries; the first (server version, current user) is cached for the session.
   */
  public List<Finding> preflight(Collection<SqlTarget> targets, Set<PgAuditSetting> settingsToWrite) {
    try {
      return new Preflight(connection, facts()).check(targets, settingsToWrite);
    } catch (SQLException e) {
      return List.of(SqlErrors.failedQuery(e, "check the pgaudit privileges").finding());
    }
  }

  @Override
  public void close() {
    if (!inUse || discarded) return;
    inUse = false;
    lifecycle.release().accept(this);
  }

  /** Disconnects (for good). */
  void discard() {
    if (discarded) return;
    discarded = true;
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing was pending: every write commits or rolls back before returning
    } finally {
      lifecycle.discarded().run();
    }
  }

  int backendPid() {
    return lifecycle.backendPid();
  }

  PgConnectionParams params() {
    return lifecycle.params();
  }

  boolean reusable() {
    return !discarded && SessionLifecycle.clean(connection);
  }

  /**
   * Taken from the idle sessions: in use again if still connected. Facts read before are read
   * again, as they may have changed while it was idle.
   */
  boolean handOut() {
    facts = null;
    inUse = true;
    return SessionLifecycle.answers(connection);
  }

  void idleSince(long nowNanos) {
    idleSinceNanos = nowNanos;
  }

  Duration idleFor(long nowNanos) {
    return Duration.ofNanos(nowNanos - idleSinceNanos);
  }

  private Preflight.Facts facts() throws SQLException {
    if (facts == null) facts = Preflight.readFacts(connection);
    return facts;
  }

  /** SETs first, then RESETs, each group in PgAuditSetting order. */
  private List<SettingWrite> writes(SqlTarget target, Map<PgAuditSetting, String> set, Set<PgAuditSetting> reset) {
    boolean standardStrings = standardConformingStrings();
    List<SettingWrite> writes = new ArrayList<>();
    for (PgAuditSetting setting : PgAuditSetting.values()) {
      if (set.containsKey(setting) && reset.contains(setting)) {
        throw new IllegalArgumentException(setting.guc() + " cannot be both set and reset on " + target.describe());
      }
      if (set.containsKey(setting)) {
        String value = set.get(setting);
        writes.add(new SettingWrite.Set(target, setting, value, SettingStatements.set(target, setting, value, standardStrings)));
      }
    }
    for (PgAuditSetting setting : PgAuditSetting.values()) {
      if (reset.contains(setting)) writes.add(new SettingWrite.Reset(target, setting, SettingStatements.reset(target, setting)));
    }
    return writes;
  }

  private void runInOneTransaction(SqlTarget target, List<SettingWrite> writes) {
    SettingWrite current = writes.get(0);
    try {
      connection.setAutoCommit(false);
      try (Statement jdbc = connection.createStatement()) {
        for (SettingWrite write : writes) {
          current = write;
          jdbc.execute(write.sql());
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      if (enablingMeanwhile(e)) {
        // The pre-flight passed, then feature_enabled was switched on (by a peer's PUT) and the
        // extension's activation window opened: a passing state, not a missing grant.
        throw new SqlSettingsException(FindingMessages.extensionEnabling(target, current.setting(), currentUser()), e);
      }
      throw SqlErrors.failedWrite(e, target, current.setting(), current instanceof SettingWrite.Reset);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // the connection is broken; the next call reports that
      }
    }
  }

  /** A refused SET of a pgaudit parameter while the pgaudit extension is not installed here (reference §7.5). */
  private boolean enablingMeanwhile(SQLException e) {
    if (!"42501".equals(e.getSQLState()) || !SqlErrors.reason(e).contains("permission denied to set parameter")) return false;
    try (Statement jdbc = connection.createStatement();
         java.sql.ResultSet row = jdbc.executeQuery(Preflight.EXTENSION_SQL)) {
      return row.next() && !row.getBoolean(1);
    } catch (SQLException broken) {
      return false;
    }
  }

  private String currentUser() {
    try (Statement jdbc = connection.createStatement(); java.sql.ResultSet row = jdbc.executeQuery("SELECT current_user")) {
      return row.next() ? row.getString(1) : "?";
    } catch (SQLException broken) {
      return "?";
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // the original error is the one worth reporting
    }
  }

  private boolean standardConformingStrings() {
    try {
      return connection.unwrap(BaseConnection.class).getStandardConformingStrings();
    } catch (SQLException e) {
      return true; // the default since PostgreSQL 9.1
    }
  }
}
