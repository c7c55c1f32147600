package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** sslrootcert from a Secret is PEM content; pgJDBC gets it as a private file. */
class RootCertFilesTest {
  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

  private static String sslRootCert(String value) {
    return new PgConnectionParams("db.example", 5432, "avnadmin", "pw", "defaultdb", "verify-full", value)
        .jdbcProperties().getProperty("sslrootcert");
  }

  @Test
  void pemContentBecomesAPrivateFileWrittenOncePerContent() throws Exception {
    Path file = Path.of(sslRootCert(PEM));

    assertThat(Files.readString(file)).isEqualTo(PEM);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(sslRootCert(PEM)).isEqualTo(file.toString());
    assertThat(sslRootCert(PEM.replace("fake", "other"))).isNotEqualTo(file.toString());
  }

  @Test
  void aPathStaysAPathAndNoCertMeansNoProperty() {
    assertThat(sslRootCert("/etc/ssl/aiven-ca.pem")).isEqualTo("/etc/ssl/aiven-ca.pem");
    assertThat(sslRootCert(null)).isNull();
  }

  @Test
  void theCertificateNeverShowsInToString() {
    assertThat(new PgConnectionParams("h", 1, "u", "pw", "d", "verify-full", PEM).toString())
        .doesNotContain("BEGIN").doesNotContain("pw");
  }
}
