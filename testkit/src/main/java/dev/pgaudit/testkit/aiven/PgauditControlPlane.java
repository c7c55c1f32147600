package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgQuote;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Aiven's control plane does to the PostgreSQL behind a pg service when its
 * {@code user_config.pgaudit} changes (reference §3, §7.5), done for real, as superuser, on the
 * {@link PgAuditCluster} that stands for the service:
 *
 * <ul>
 *   <li>feature_enabled true: {@code CREATE EXTENSION pgaudit} in the service's database and the
 *       other keys as server defaults ({@code ALTER SYSTEM SET pgaudit.* ; pg_reload_conf()});
 *   <li>feature_enabled false: {@code DROP EXTENSION} and {@code ALTER SYSTEM RESET} (Aiven keeps
 *       the configuration in user_config; it just stops being in effect);
 *   <li>every change takes {@link SimulatorOptions#pgauditActivationDelay()} to land.
 * </ul>
 *
 * <p>The window (§7.5 [U]). From the PUT that turns the feature on until the delay has passed,
 * the extension is "being installed": the pgaudit library is not usable from SQL yet. A server
 * without the library treats {@code pgaudit.*} as placeholder parameters, and PostgreSQL 15+
 * refuses a non-superuser's {@code ALTER DATABASE|ROLE ... SET/RESET} of a placeholder it holds no
 * {@code SET} grant on with SQLSTATE 42501 {@code permission denied to set parameter "pgaudit.log"}
 * (guc.c, validate_option_array_item); {@code has_parameter_privilege} answers false. The launcher
 * preloads pgaudit (unloading needs a restart, which would cut every session of a cluster shared
 * by many services), so the simulator produces exactly that answer by revoking avnadmin's
 * {@code SET} on every pgaudit parameter it holds for the window, with the extension absent,
 * and grants back precisely what it revoked afterwards (a grant a test removed stays removed).
 * The one difference from an unloaded library: pg_settings still lists the parameters.
 *
 * <p>A cluster standing for several services (test fixtures share one) follows the most recently
 * changed enabled service; any service's enabling window applies to the whole cluster.
 */
final class PgauditControlPlane {
  private static final Logger log = LoggerFactory.getLogger(PgauditControlPlane.class);
  private static final Duration RETRY = Duration.ofMillis(500);
  private static final int MAX_RETRIES = 120;

  private final PgAuditCluster cluster;
  private final String database;
  private final ScheduledExecutorService scheduler;
  private final SimulatorOptions options;
  /** Per attached service: its pgaudit block and when it last changed (a sequence number). */
  private final Map<SimService, ObjectNode> blocks = new LinkedHashMap<>();
  private final Map<SimService, Long> changedAt = new LinkedHashMap<>();
  private long sequence;
  private int openWindows;
  private List<String> revoked = List.of();
  private Map<String, String> applied;
  private boolean retryScheduled;
  private int retries;

  PgauditControlPlane(PgAuditCluster cluster, String database, ScheduledExecutorService scheduler,
      SimulatorOptions options) {
    this.cluster = cluster;
    this.database = database;
    this.scheduler = scheduler;
    this.options = options;
  }

  /** Links a service; its current config takes effect like a change. */
  synchronized void attach(SimService service) {
    service.controlPlane = this;
    changed(service, JsonNodeFactory.instance.objectNode());
  }

  synchronized void detach(SimService service) {
    blocks.remove(service);
    changedAt.remove(service);
    scheduleSync(options.pgauditActivationDelay());
  }

  /** Called (under the simulator's state lock) after the service's user_config changed; {@code before} is its old pgaudit block. */
  synchronized void changed(SimService service, JsonNode before) {
    JsonNode after = service.userConfig.path("pgaudit");
    blocks.put(service, after.isObject() ? ((ObjectNode) after).deepCopy() : JsonNodeFactory.instance.objectNode());
    changedAt.put(service, ++sequence);
    Duration delay = options.pgauditActivationDelay();
    if (delay.isZero() || delay.isNegative()) {
      syncNow();
      return;
    }
    boolean enabling = enabled(after) && !enabled(before);
    if (enabling && openWindow()) {
      later(this::closeWindow, delay.toMillis());
    } else {
      scheduleSync(delay);
    }
  }

  private static boolean enabled(JsonNode pgaudit) {
    return pgaudit != null && pgaudit.path("feature_enabled").asBoolean(false);
  }

  /** Revokes avnadmin's SET on the pgaudit parameters and drops the extension; false when the server cannot be reached. */
  private boolean openWindow() {
    try {
      if (openWindows == 0) {
        revoked = settableByAdmin();
        if (!revoked.isEmpty()) superuser("postgres", "REVOKE SET ON PARAMETER " + String.join(", ", revoked)
            + " FROM " + PgQuote.identifier(PgAuditCluster.ADMIN_USER));
      }
      superuser(database, "DROP EXTENSION IF EXISTS pgaudit");
      openWindows++;
      applied = null;
      return true;
    } catch (SQLException e) {
      log.warn("Cannot open the pgaudit activation window on {}: {}", cluster, e.getMessage());
      scheduleSync(options.pgauditActivationDelay());
      return false;
    }
  }

  private synchronized void closeWindow() {
    openWindows--;
    syncNow();
  }

  private void scheduleSync(Duration delay) {
    later(this::syncNow, Math.max(0, delay.toMillis()));
  }

  /** Runs {@code task} after {@code millis}; nothing once the simulator has closed. */
  private void later(Runnable task, long millis) {
    try {
      scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the simulator is shutting down: nothing is applied any more
    }
  }

  /** Brings the server in line with the configs (unless a window is open); retries later when it is down. */
  private synchronized void syncNow() {
    if (openWindows > 0) return;
    try {
      if (!revoked.isEmpty()) {
        superuser("postgres", "GRANT SET ON PARAMETER " + String.join(", ", revoked)
            + " TO " + PgQuote.identifier(PgAuditCluster.ADMIN_USER));
        revoked = List.of();
      }
      ObjectNode winner = latestEnabled();
      Map<String, String> wanted = serverSettings(winner);
      if (!wanted.equals(applied)) {
        List<String> statements = new ArrayList<>();
        wanted.forEach((guc, value) -> statements.add(value == null
            ? "ALTER SYSTEM RESET " + guc : "ALTER SYSTEM SET " + guc + " = " + PgQuote.literal(value)));
        String loadedBefore = confLoadTime();
        statements.add("SELECT pg_reload_conf()");
        superuser("postgres", statements.toArray(String[]::new));
        awaitReload(loadedBefore);
        superuser(database, winner == null ? "DROP EXTENSION IF EXISTS pgaudit" : "CREATE EXTENSION IF NOT EXISTS pgaudit");
        applied = wanted;
      }
      retries = 0;
    } catch (SQLException e) {
      applied = null;
      if (!retryScheduled && retries++ < MAX_RETRIES) {
        retryScheduled = true;
        later(() -> {
          synchronized (this) {
            retryScheduled = false;
          }
          syncNow();
        }, RETRY.toMillis());
      }
      log.debug("pgaudit config not applied to {} yet: {}", cluster, e.getMessage());
    }
  }

  private ObjectNode latestEnabled() {
    ObjectNode winner = null;
    long latest = -1;
    for (Map.Entry<SimService, ObjectNode> e : blocks.entrySet()) {
      long at = changedAt.get(e.getKey());
      if (enabled(e.getValue()) && at > latest) {
        winner = e.getValue();
        latest = at;
      }
    }
    return winner;
  }

  /** pgaudit.x → value for every parameter the server knows; null means RESET (absent, or the feature is off). */
  private Map<String, String> serverSettings(ObjectNode block) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String guc : cluster.pgauditSettings()) {
      JsonNode value = block == null ? null : block.get(guc.substring("pgaudit.".length()));
      settings.put(guc, value == null || value.isNull() ? null : gucValue(value));
    }
    return settings;
  }

  static String gucValue(JsonNode value) {
    if (value.isBoolean()) return value.booleanValue() ? "on" : "off";
    if (value.isArray()) {
      StringJoiner joined = new StringJoiner(", ");
      value.forEach(item -> joined.add(item.asText()));
      return joined.toString();
    }
    return value.asText();
  }

  /** When this server last read its configuration, as a new session sees it. */
  private String confLoadTime() throws SQLException {
    try (Connection c = connect("postgres"); Statement st = c.createStatement();
         ResultSet row = st.executeQuery("SELECT pg_catalog.pg_conf_load_time()::text")) {
      row.next();
      return row.getString(1);
    }
  }

  /** pg_reload_conf() only signals the postmaster: wait until new sessions get the new settings. */
  private void awaitReload(String loadedBefore) throws SQLException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (loadedBefore.equals(confLoadTime()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<String> settableByAdmin() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect("postgres"); Statement st = c.createStatement();
         ResultSet rows = st.executeQuery("SELECT name FROM pg_catalog.pg_settings WHERE name LIKE 'pgaudit.%'"
             + " AND pg_catalog.has_parameter_privilege(" + PgQuote.literal(PgAuditCluster.ADMIN_USER)
             + ", name, 'SET') ORDER BY name")) {
      while (rows.next()) names.add(rows.getString(1));
    }
    return names;
  }

  private void superuser(String db, String... statements) throws SQLException {
    try (Connection c = connect(db); Statement st = c.createStatement()) {
      // This runs under the simulator's state lock: a lock wait (DROP EXTENSION behind another
      // session's transaction) must fail and be retried, never stall every Aiven request.
      st.execute("SET lock_timeout = '2s'");
      for (String sql : statements) st.execute(sql);
    }
  }

  private Connection connect(String db) throws SQLException {
    var params = cluster.superuserParams(db);
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }
}
