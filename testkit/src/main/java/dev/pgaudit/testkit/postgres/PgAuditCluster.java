package dev.pgaudit.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL 15+ cluster with pgaudit preloaded, on a free loopback port, with an
 * Aiven-like {@code avnadmin} (LOGIN CREATEDB CREATEROLE, not superuser) that holds
 * {@code GRANT SET ON PARAMETER} for every pgaudit setting the server knows and owns
 * {@code defaultdb}, where the pgaudit extension is installed: a service with pgaudit enabled.
 * (Linked to a simulated service, the Aiven simulator takes over the extension, the grants'
 * activation window and the server-level pgaudit settings.) Everything lives in one temp directory that {@link #close()} deletes; a
 * JVM shutdown hook stops the server if the caller never gets to close it.
 *
 * <p>initdb refuses to run as root, so as root the server runs as the OS user {@code postgres}
 * (through runuser) in a directory that user owns.
 */
public final class PgAuditCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgAuditCluster.class);

  public static final String SUPERUSER = "postgres";
  public static final String ADMIN_USER = "avnadmin";
  /** The database avnadmin owns, as on Aiven. */
  public static final String ADMIN_DATABASE = "defaultdb";

  private final PgBinaries binaries;
  private final OsUser osUser;
  private final Path base;
  private final int port;
  private final String adminPassword;
  private final ServerLog serverLog;
  private final Thread shutdownHook;
  private List<String> pgauditSettings = List.of();
  private boolean running;

  private PgAuditCluster(PgBinaries binaries, OsUser osUser, Path base, int port) {
    this.binaries = binaries;
    this.osUser = osUser;
    this.base = base;
    this.port = port;
    this.adminPassword = randomPassword();
    this.serverLog = new ServerLog(base.resolve("server.log"));
    this.shutdownHook = new Thread(this::stopAndDeleteQuietly, "pgaudit-cluster-shutdown-" + port);
  }

  /** Finds the binaries ({@link PgBinaries#locate()}), then initialises and starts a new cluster. */
  public static PgAuditCluster launch() {
    return launch(PgBinaries.locate());
  }

  public static PgAuditCluster launch(PgBinaries binaries) {
    long started = System.nanoTime();
    OsUser osUser = OsUser.forServer();
    Path base = osUser.createOwnedTempDirectory("pgaudit-pg-");
    PgAuditCluster cluster = new PgAuditCluster(binaries, osUser, base, freeLoopbackPort());
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.initdb();
      cluster.start();
      cluster.bootstrap();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    log.info("PostgreSQL {} with pgaudit on 127.0.0.1:{} ready in {} ms (data and log in {})",
        binaries.majorVersion(), cluster.port, (System.nanoTime() - started) / 1_000_000, base);
    return cluster;
  }

  /** avnadmin on {@value #ADMIN_DATABASE}, over TCP without TLS. */
  public PgLogin avnadminParams() {
    return avnadminParams(ADMIN_DATABASE);
  }

  public PgLogin avnadminParams(String database) {
    return new PgLogin("127.0.0.1", port, ADMIN_USER, adminPassword, database, "disable");
  }

  /** The superuser on the postgres database; for test set-up only, never for the operator. */
  public PgLogin superuserParams() {
    return superuserParams("postgres");
  }

  public PgLogin superuserParams(String database) {
    return new PgLogin("127.0.0.1", port, SUPERUSER, null, database, "disable");
  }

  public int port() { return port; }

  public int majorVersion() { return binaries.majorVersion(); }

  /** The pgaudit.* settings this server knows, all granted to avnadmin. */
  public List<String> pgauditSettings() { return pgauditSettings; }

  public Path serverLog() { return serverLog.path(); }

  public ServerLog log() { return serverLog; }

  /** The current end of the server log. */
  public long logMark() { return serverLog.mark(); }

  /** pgaudit's log entries written after {@code mark}. */
  public List<String> auditLinesSince(long mark) { return serverLog.auditEntriesSince(mark); }

  /** Runs statements as superuser, each in its own transaction (CREATE DATABASE needs that). */
  public void executeAsSuperuser(String database, String... statements) {
    try (Connection connection = connect(superuserParams(database));
         Statement statement = connection.createStatement()) {
      for (String sql : statements) statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Superuser SQL failed: " + e.getMessage(), e);
    }
  }

  /**
   * Every setting stored for (database, role) — either may be null for "all" — read as superuser
   * straight from pg_db_role_setting: what a test or the demo checks the operator wrote.
   */
  public Map<String, String> storedSettings(String database, String role) {
    String sql = "SELECT o.option_name, o.option_value FROM pg_db_role_setting s"
        + " LEFT JOIN pg_database d ON d.oid = s.setdatabase LEFT JOIN pg_roles r ON r.oid = s.setrole"
        + " CROSS JOIN LATERAL pg_options_to_table(s.setconfig) o"
        + " WHERE d.datname IS NOT DISTINCT FROM ? AND r.rolname IS NOT DISTINCT FROM ?";
    Map<String, String> values = new TreeMap<>();
    try (Connection c = connect(superuserParams()); var ps = c.prepareStatement(sql)) {
      ps.setString(1, database);
      ps.setString(2, role);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) values.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading pg_db_role_setting failed: " + e.getMessage(), e);
    }
    return values;
  }

  public boolean isRunning() { return running; }

  /**
   * Turns TLS on with this server certificate and key (PEM), without a restart: the files are
   * copied into the cluster directory, readable only by the server's OS user, and the
   * configuration is reloaded. Connections without TLS are still accepted (pg_hba "host").
   */
  public void enableTls(String certificatePem, String privateKeyPem) {
    Path cert = base.resolve("server.crt");
    Path key = base.resolve("server.key");
    osUser.writePrivateFile(cert, certificatePem);
    osUser.writePrivateFile(key, privateKeyPem);
    executeAsSuperuser("postgres",
        "ALTER SYSTEM SET ssl_cert_file = " + PgQuote.literal(cert.toString()),
        "ALTER SYSTEM SET ssl_key_file = " + PgQuote.literal(key.toString()),
        "ALTER SYSTEM SET ssl = on",
        "SELECT pg_reload_conf()");
    awaitSetting("ssl", "on");
  }

  /** The reload is asynchronous: wait until a new session sees the value. */
  private void awaitSetting(String name, String value) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Connection c = connect(superuserParams()); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SHOW " + name)) {
        if (rs.next() && value.equals(rs.getString(1))) return;
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read " + name + ": " + e.getMessage(), e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not become " + value + " after a reload; see " + serverLog());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
  }

  /** Starts the server again after {@link #stop()}, keeping data, port and log. */
  public synchronized void start() {
    if (running) return;
    osUser.run(List.of(binaries.pgCtl().toString(), "-D", dataDir().toString(), "-l", serverLog().toString(),
        "-w", "-t", "60", "-s", "start"), base);
    running = true;
  }

  /** Stops the server (fast shutdown: open sessions are disconnected), keeping everything on disk. */
  public synchronized void stop() {
    if (!running) return;
    osUser.run(List.of(binaries.pgCtl().toString(), "-D", dataDir().toString(), "-m", "fast", "-w", "-s", "stop"), base);
    running = false;
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stopAndDeleteQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the hook itself
    }
  }

  private synchronized void stopAndDeleteQuietly() {
    if (running) {
      Processes.Result result = osUser.runAllowingFailure(List.of(binaries.pgCtl().toString(), "-D",
          dataDir().toString(), "-m", "immediate", "-w", "-s", "stop"), base);
      if (result.exitCode() != 0) log.warn("pg_ctl stop failed: {}", result.output().strip());
      running = false;
    }
    try {
      OsUser.deleteRecursively(base);
    } catch (RuntimeException e) {
      log.warn("Cannot delete {}: {}", base, e.getMessage());
    }
  }

  private Path dataDir() { return base.resolve("data"); }

  private void initdb() {
    osUser.run(List.of(binaries.initdb().toString(), "-D", dataDir().toString(), "-U", SUPERUSER, "-A", "trust",
        "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"), base);
    // Throwaway data: no durability, little memory, the log format the docs and tests rely on.
    String conf = String.join("\n",
        "",
        "listen_addresses = '127.0.0.1'",
        "port = " + port,
        "unix_socket_directories = '" + base + "'",
        "shared_preload_libraries = 'pgaudit'",
        "log_line_prefix = '%m [%p] %u@%d '",
        "lc_messages = 'C'",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 50",
        "shared_buffers = 32MB",
        "");
    try {
      Files.writeString(dataDir().resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void bootstrap() {
    try (Connection connection = connect(superuserParams());
         Statement statement = connection.createStatement()) {
      List<String> settings = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(
          "SELECT name FROM pg_catalog.pg_settings WHERE name LIKE 'pgaudit.%' ORDER BY name")) {
        while (rows.next()) settings.add(rows.getString(1));
      }
      if (!settings.contains("pgaudit.log")) {
        throw new IllegalStateException("pgaudit is not loaded although shared_preload_libraries names it; see " + serverLog());
      }
      pgauditSettings = List.copyOf(settings);
      statement.execute("CREATE ROLE " + ADMIN_USER + " LOGIN CREATEDB CREATEROLE PASSWORD "
          + PgQuote.literal(adminPassword));
      // Setting names come from pg_settings itself, so they need no quoting.
      statement.execute("GRANT SET ON PARAMETER " + String.join(", ", settings) + " TO " + ADMIN_USER);
      statement.execute("CREATE DATABASE " + ADMIN_DATABASE + " OWNER " + ADMIN_USER);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot prepare the cluster: " + e.getMessage(), e);
    }
    executeAsSuperuser(ADMIN_DATABASE, "CREATE EXTENSION IF NOT EXISTS pgaudit");
  }

  private static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free loopback port", e);
    }
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    return random.ints(24, 0, 62)
        .mapToObj(i -> String.valueOf("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(i)))
        .collect(Collectors.joining());
  }

  @Override
  public String toString() {
    return "PgAuditCluster[PostgreSQL " + binaries.majorVersion() + " on 127.0.0.1:" + port + ", " + base + "]";
  }
}
