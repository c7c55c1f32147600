package dev.pgaudit.operator.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Where and as whom to connect to PostgreSQL. Comes from Aiven's service_uri_params or from a
 * connection Secret. The password never appears in toString(). {@code sslRootCert} is the CA
 * certificate as PEM (written to a private file for the driver) or a path to one.
 */
public record PgConnectionParams(
    String host, int port, String user, String password, String dbname, String sslmode, String sslRootCert) {

  /** The database name is URL-encoded (pgJDBC decodes it), so any name survives the URL. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(dbname, StandardCharsets.UTF_8);
  }

  /** Driver properties; kept out of the URL so the password is never part of a logged string. */
  public Properties jdbcProperties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) p.setProperty("password", password);
    p.setProperty("sslmode", sslmode == null ? "prefer" : sslmode);
    // The Secret holds the CA certificate itself; pgJDBC wants a file.
    if (sslRootCert != null) p.setProperty("sslrootcert", RootCertFiles.pathFor(sslRootCert));
    p.setProperty("ApplicationName", "pgaudit-operator");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return p;
  }

  @Override
  public String toString() {
    return "PgConnectionParams[" + user + "@" + host + ":" + port + "/" + dbname + ", sslmode=" + sslmode + "]";
  }
}
