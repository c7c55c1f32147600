package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.testkit.postgres.PgLogin;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * sslmode=verify-full against a TLS-enabled PostgreSQL, with the CA certificate as PEM in the
 * connection Secret (as Aiven hands out its project CA): it connects when the CA and host name
 * match, and refuses a server signed by another CA or named differently.
 */
class PostgresTlsTest {
  @RegisterExtension
  static final OperatorTestEnv env = OperatorTestEnv.start(Duration.ofMinutes(5));
  static TestCertificates project;
  static TestCertificates stranger;

  @BeforeAll
  static void start() {
    project = TestCertificates.create("Project CA", "dns:localhost");
    stranger = TestCertificates.create("Some Other CA", "dns:localhost");
    env.pg.enableTls(project.serverCertPem(), project.serverKeyPem());
  }

  private static String uri(String host, String sslmode) {
    PgLogin p = env.pg.avnadminParams();
    return "postgres://" + p.user() + ":" + URLEncoder.encode(p.password(), StandardCharsets.UTF_8) + "@" + host + ":"
        + p.port() + "/" + p.dbname() + "?sslmode=" + sslmode;
  }

  private static String policyWithConnection(Map<String, String> secret) {
    String ns = env.namespace();
    String db = env.database("tls");
    env.putSecret(ns, "pg", secret);
    env.create(policy(ns, "p", env.pgService()).databases(db).log(READ).connection("pg").build());
    return ns + "/" + db;
  }

  @Test
  void verifyFullWithTheProjectCaFromTheSecretConnects() {
    String[] nsDb = policyWithConnection(Map.of("uri", uri("localhost", "verify-full"), "sslrootcert", project.caPem()))
        .split("/");
    env.awaitReady(nsDb[0], "p");
    assertThat(env.stored(nsDb[1], null)).containsEntry("pgaudit.log", "read");
  }

  @Test
  void theHostKeysFormCarriesTheCaToo() {
    PgLogin p = env.pg.avnadminParams();
    Map<String, String> secret = new HashMap<>(Map.of("host", "localhost", "port", Integer.toString(p.port()),
        "user", p.user(), "password", p.password(), "dbname", p.dbname(), "sslmode", "verify-full"));
    secret.put("sslrootcert", project.caPem());
    String[] nsDb = policyWithConnection(secret).split("/");
    env.awaitReady(nsDb[0], "p");
  }

  @Test
  void aServerSignedByAnotherCaIsRefused() {
    String[] nsDb = policyWithConnection(Map.of("uri", uri("localhost", "verify-full"), "sslrootcert", stranger.caPem()))
        .split("/");
    var c = env.awaitCondition(nsDb[0], "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.CONNECTION_FAILED);
    assertThat(c.getMessage()).doesNotContain("BEGIN CERTIFICATE").doesNotContain(env.pg.avnadminParams().password());
    assertThat(env.stored(nsDb[1], null)).isEmpty();
  }

  @Test
  void aHostNameTheCertificateDoesNotNameIsRefused() {
    String[] nsDb = policyWithConnection(Map.of("uri", uri("127.0.0.1", "verify-full"), "sslrootcert", project.caPem()))
        .split("/");
    env.awaitCondition(nsDb[0], "p", Conditions.SQL_SETTINGS_APPLIED, "False", Conditions.Reason.CONNECTION_FAILED);
    assertThat(env.stored(nsDb[1], null)).isEmpty();
  }

  @Test
  void verifyCaChecksTheCaButNotTheName() {
    String[] nsDb = policyWithConnection(Map.of("uri", uri("127.0.0.1", "verify-ca"), "sslrootcert", project.caPem()))
        .split("/");
    env.awaitReady(nsDb[0], "p");
  }
}
