package dev.pgaudit.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PgAuditClusterTest {

  @Test
  void startsWithANonSuperuserAdminThatMaySetEveryPgauditSetting_andLeavesNothingBehind() throws Exception {
    // How fast it starts belongs to the benchmark, not here: this machine may be loaded.
    Path directory;
    try (PgAuditCluster cluster = PgAuditCluster.launch()) {
      directory = cluster.serverLog().getParent();

      List<List<String>> admin = query(cluster.avnadminParams(), """
          SELECT current_user, current_database(), r.rolsuper::text, r.rolcreatedb::text, r.rolcreaterole::text,
                 pg_get_userbyid(d.datdba)
          FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()""");
      assertThat(admin).containsExactly(List.of("avnadmin", "defaultdb", "false", "true", "true", "avnadmin"));
      assertThat(query(cluster.superuserParams(), "SHOW shared_preload_libraries")).containsExactly(List.of("pgaudit"));

      assertThat(cluster.pgauditSettings()).contains("pgaudit.log", "pgaudit.log_catalog", "pgaudit.role");
      List<List<String>> privileges = query(cluster.avnadminParams(), """
          SELECT name, has_parameter_privilege(name, 'SET')::text FROM pg_settings
          WHERE name LIKE 'pgaudit.%' ORDER BY name""");
      assertThat(privileges).hasSize(cluster.pgauditSettings().size())
          .allSatisfy(row -> assertThat(row.get(1)).as(row.get(0)).isEqualTo("true"));
      assertThat(cluster.serverLog()).exists();
      assertThat(cluster.port()).isPositive();
    }
    assertThat(directory).doesNotExist();
  }

  @Test
  void stopAndStartKeepTheData() throws Exception {
    try (PgAuditCluster cluster = PgAuditCluster.launch()) {
      cluster.executeAsSuperuser("postgres", "CREATE DATABASE kept");
      cluster.stop();
      assertThat(cluster.isRunning()).isFalse();
      assertThatThrownBy(() -> query(cluster.superuserParams(), "SELECT 1")).isInstanceOf(SQLException.class);
      cluster.start();
      assertThat(query(cluster.superuserParams(), "SELECT datname FROM pg_database WHERE datname = 'kept'"))
          .containsExactly(List.of("kept"));
    }
  }

  @Test
  void missingBinariesNameThePackagesToInstall() throws Exception {
    Path empty = Files.createTempDirectory("no-postgres");
    try {
      assertThatThrownBy(() -> PgBinaries.locate(java.util.Map.of(), empty))
          .hasMessageContaining("apt-get install postgresql-15 postgresql-15-pgaudit");
      Path old = Files.createDirectories(empty.resolve("14/bin"));
      for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
        Path file = Files.createFile(old.resolve(tool));
        file.toFile().setExecutable(true);
      }
      assertThatThrownBy(() -> PgBinaries.locate(java.util.Map.of(), empty))
          .hasMessageContaining("PostgreSQL 14 (too old)")
          .hasMessageContaining("apt-get install postgresql-15 postgresql-15-pgaudit");
      assertThatThrownBy(() -> PgBinaries.locate(java.util.Map.of(PgBinaries.OVERRIDE_ENV, empty.toString()), empty))
          .hasMessageContaining(PgBinaries.OVERRIDE_ENV)
          .hasMessageContaining("apt-get install postgresql-15 postgresql-15-pgaudit");
    } finally {
      OsUser.deleteRecursively(empty);
    }
  }

  @Test
  void theDebianLayoutIsFoundNewestFirst() {
    PgBinaries found = PgBinaries.locate(java.util.Map.of(), PgBinaries.DEBIAN_ROOT);
    assertThat(found.majorVersion()).isGreaterThanOrEqualTo(15);
    assertThat(found.bin()).isEqualTo(PgBinaries.DEBIAN_ROOT.resolve(found.majorVersion() + "/bin"));
  }

  static List<List<String>> query(PgLogin params, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(params.jdbcUrl(), params.jdbcProperties());
         Statement s = c.createStatement();
         ResultSet rows = s.executeQuery(sql)) {
      List<List<String>> result = new ArrayList<>();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) row.add(rows.getString(i));
        result.add(row);
      }
      return result;
    }
  }
}
