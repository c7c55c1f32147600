package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.postgres.PgLogin;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator as Aiven's control plane for the real PostgreSQL behind a service: user_config.pgaudit
 * reaches the server (extension, server-level settings) and, between the PUT that enables the
 * feature and its effect, avnadmin cannot use the pgaudit parameters (reference §7.5).
 */
class SimulatorControlPlaneTest {
  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String TOKEN = "tok-control-plane-7e21";

  private AivenSimulator sim;
  private RawAiven raw;
  private String path;

  private void start(Duration delay) {
    sim = AivenSimulator.start(0, new SimulatorOptions().pgauditActivationDelay(delay));
    sim.addToken(TOKEN).addProject("acme");
    String service = "pg-" + SEQUENCE.incrementAndGet();
    sim.addPgService("acme", service, "16", PG.cluster());
    raw = new RawAiven(sim.baseUrl(), TOKEN);
    path = "/project/acme/service/" + service;
    // Linked while disabled: the control plane takes the extension and server settings away.
    await().atMost(Duration.ofSeconds(20)).until(() -> !extensionInstalled());
  }

  @AfterEach
  void stop() {
    if (sim != null) sim.close();
  }

  @Test
  void enablingOpensAWindowThenServiceLevelAuditingIsInEffectWithDatabaseSettingsOnTop() throws SQLException {
    start(Duration.ofSeconds(4));
    assertThat(put("{'pgaudit': {'feature_enabled': true, 'log': ['ddl']}}")).isEqualTo(200);

    // In the window, as PostgreSQL answers a non-superuser for a parameter whose library is not loaded.
    assertThatThrownBy(() -> asAdmin("defaultdb", "ALTER DATABASE defaultdb SET pgaudit.log_rows = on"))
        .isInstanceOfSatisfying(SQLException.class, e -> {
          assertThat(e.getSQLState()).isEqualTo("42501");
          assertThat(e.getMessage()).contains("permission denied to set parameter \"pgaudit.log_rows\"");
        });
    assertThat(queryAsAdmin("defaultdb", "SELECT has_parameter_privilege('pgaudit.log', 'SET')")).isEqualTo("f");
    assertThat(extensionInstalled()).isFalse();

    await().atMost(Duration.ofSeconds(20)).until(this::extensionInstalled);
    asAdmin("defaultdb", "ALTER DATABASE defaultdb SET pgaudit.log_rows = on", "ALTER DATABASE defaultdb RESET pgaudit.log_rows");
    assertThat(queryAsAdmin("defaultdb", "SHOW pgaudit.log")).isEqualTo("ddl");

    // Service-level auditing in the real audit log, and a database setting overriding it.
    String quiet = "quiet_" + SEQUENCE.incrementAndGet();
    asAdmin("defaultdb", "CREATE DATABASE " + quiet);
    asAdmin("defaultdb", "ALTER DATABASE " + quiet + " SET pgaudit.log = 'none'");
    long mark = PG.cluster().logMark();
    asAdmin("defaultdb", "CREATE TABLE audited_" + quiet + " (i int)");
    asAdmin(quiet, "CREATE TABLE unaudited (i int)");
    await().atMost(Duration.ofSeconds(10))
        .until(() -> PG.cluster().auditLinesSince(mark).stream().anyMatch(l -> l.contains("audited_" + quiet)));
    assertThat(PG.cluster().auditLinesSince(mark)).noneMatch(l -> l.contains("unaudited"));

    // Disabling takes the server-level settings and the extension away, the grants stay.
    assertThat(put("{'pgaudit': {'feature_enabled': false}}")).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> !extensionInstalled());
    assertThat(queryAsAdmin("defaultdb", "SHOW pgaudit.log")).isEqualTo("none");
    assertThat(queryAsAdmin("defaultdb", "SELECT has_parameter_privilege('pgaudit.log', 'SET')")).isEqualTo("t");
    assertThat(sim.userConfig("acme", path.substring(path.lastIndexOf('/') + 1)))
        .extracting("pgaudit").extracting("log").isEqualTo(List.of("ddl")); // Aiven keeps the configuration
  }

  @Test
  void aGrantRemovedBeforeTheWindowStaysRemovedAfterIt() {
    start(Duration.ofMillis(300));
    PG.cluster().executeAsSuperuser("postgres", "REVOKE SET ON PARAMETER pgaudit.log_rows FROM avnadmin");
    try {
      assertThat(put("{'pgaudit': {'feature_enabled': true}}")).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(this::extensionInstalled);
      assertThat(queryAsAdmin("defaultdb", "SELECT has_parameter_privilege('pgaudit.log', 'SET')")).isEqualTo("t");
      assertThat(queryAsAdmin("defaultdb", "SELECT has_parameter_privilege('pgaudit.log_rows', 'SET')")).isEqualTo("f");
    } finally {
      PG.cluster().executeAsSuperuser("postgres", "GRANT SET ON PARAMETER pgaudit.log_rows TO avnadmin");
    }
  }

  @Test
  void withoutADelayTheChangeIsInEffectWhenThePutIsAnswered() {
    start(Duration.ZERO);
    assertThat(put("{'pgaudit': {'feature_enabled': true, 'log_level': 'notice', 'log_relation': true}}")).isEqualTo(200);
    assertThat(extensionInstalled()).isTrue();
    assertThat(queryAsAdmin("defaultdb", "SHOW pgaudit.log_level")).isEqualTo("notice");
    assertThat(queryAsAdmin("defaultdb", "SHOW pgaudit.log_relation")).isEqualTo("on");

    assertThat(put("{'pgaudit': {'log_relation': false}}")).isEqualTo(200);
    assertThat(queryAsAdmin("defaultdb", "SHOW pgaudit.log_relation")).isEqualTo("off");
  }

  private int put(String singleQuotedUserConfig) {
    return raw.put(path, RawAiven.json("{'user_config': " + singleQuotedUserConfig + "}")).status();
  }

  private boolean extensionInstalled() {
    return "t".equals(queryAsAdmin(PgAuditCluster.ADMIN_DATABASE,
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgaudit')"));
  }

  private static void asAdmin(String database, String... statements) throws SQLException {
    try (Connection c = connect(PG.cluster().avnadminParams(database)); Statement st = c.createStatement()) {
      for (String sql : statements) st.execute(sql);
    }
  }

  private static String queryAsAdmin(String database, String sql) {
    try (Connection c = connect(PG.cluster().avnadminParams(database)); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Connection connect(PgLogin params) throws SQLException {
    return DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
  }
}
