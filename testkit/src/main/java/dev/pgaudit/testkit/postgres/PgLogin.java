package dev.pgaudit.testkit.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where and as whom a test connects to PostgreSQL: the launcher's cluster, or the SQL side the
 * Aiven simulator hands out as a service's {@code service_uri_params}. The test kit's own type, not
 * the operator's connection parameters: a stand-in that shared the product's code would share its
 * mistakes. The password never appears in {@link #toString()}.
 *
 * @param sslmode pgJDBC's sslmode ({@code disable} for the launcher's loopback cluster)
 */
public record PgLogin(String host, int port, String user, String password, String dbname, String sslmode) {

  /** The database name is URL-encoded (pgJDBC decodes it), so any name survives the URL. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
  }

  /** Driver properties; kept out of the URL so the password is never part of a logged string. */
  public Properties jdbcProperties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) p.setProperty("password", password);
    p.setProperty("sslmode", sslmode == null ? "disable" : sslmode);
    p.setProperty("ApplicationName", "pgaudit-testkit");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return p;
  }

  @Override
  public String toString() {
    return "PgLogin[" + user + "@" + host + ":" + port + "/" + dbname + ", sslmode=" + sslmode + "]";
  }
}
