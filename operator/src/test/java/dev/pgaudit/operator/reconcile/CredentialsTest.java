package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgaudit.operator.api.ConnectionSpec;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.api.SecretRef;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a token or connection Secret is checked: a bad value ends as InvalidSecret (a
 * missing one as SecretMissing) with a message naming the Secret and the key, never the value.
 */
class CredentialsTest {
  static final String CA_PEM = """
      -----BEGIN CERTIFICATE-----
      MIIBPDCB5KADAgECAgkA7n2YdXAcs4AwCgYIKoZIzj0EAwIwEjEQMA4GA1UEAxMH
      dGVzdC1jYTAgFw0yNjEyMDEwNjQzMjRaGA8yMTI2MTEwNzA2NDMyNFowEjEQMA4G
      A1UEAxMHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABEjjg6DbAElT
      OtvrwuKEt5x+tdRUL/3IpmNUagGgf9G4A+R2kygXLfYcodiNbvqaWDxm2WZlMhgb
      M7P3Ln1wRxijITAfMB0GA1UdDgQWBBTuRRhac3MjrKojJ7QhPjCb5GTRjTAKBggq
      hkjOPQQDAgNHADBEAiB6PZjx345NB22RixsfAozIewpMFvKDJtUDKjF8XSp2/AIg
      aMhSYhAJRe18kGs13U4Duo6cxA9LtXHUhBIp7h9jKzE=
      -----END CERTIFICATE-----
      """;
  static final String NOT_A_CERT = """
      -----BEGIN CERTIFICATE-----
      bm90IGEgY2VydGlmaWNhdGUsIGp1c3QgdGV4dA==
      -----END CERTIFICATE-----
      """;
  static final String PASSWORD = "pw-7c1e-never-shown";
  private static final RetryDelays DELAYS = new RetryDelays(Duration.ofSeconds(1), Duration.ofSeconds(2));

  private final Map<String, Secret> secrets = new HashMap<>();
  private BiFunction<String, String, Optional<Secret>> lookup = (ns, name) -> Optional.ofNullable(secrets.get(name));

  private Credentials credentials() {
    return new Credentials((ns, name) -> lookup.apply(ns, name), () -> null, "no default", DELAYS);
  }

  private static PgAuditPolicy policy() {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("p").build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setAuthSecretRef(new SecretKeyRef("tok", "token"));
    spec.setConnection(new ConnectionSpec(new SecretRef("conn")));
    p.setSpec(spec);
    return p;
  }

  private void put(String name, Map<String, byte[]> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    secrets.put(name, new SecretBuilder().withNewMetadata().withNamespace("team").withName(name).endMetadata()
        .withData(encoded).build());
  }

  private void putText(String name, Map<String, String> data) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    data.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
    put(name, bytes);
  }

  private static Map<String, String> fields(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>(Map.of("host", "pg.example.com", "user", "avnadmin", "password", PASSWORD));
    for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
    return m;
  }

  private ReconcileFailure connectionFailure() {
    return catchThrowableOfType(ReconcileFailure.class, () -> credentials().connection(policy()));
  }

  @Test
  void aGoodConnectionSecretBecomesParameters() {
    putText("conn", fields("port", " 25060 ", "dbname", "orders", "sslmode", "verify-full", "sslrootcert", CA_PEM));
    PgConnectionParams params = credentials().connection(policy()).orElseThrow();
    assertThat(params).isEqualTo(new PgConnectionParams("pg.example.com", 25060, "avnadmin", PASSWORD, "orders",
        "verify-full", CA_PEM));
  }

  @Test
  void aGoodUriKeepsAPlusAndDecodesEscapes() {
    putText("conn", Map.of("uri", "postgres://avn%40admin:a+b%2Fc@[::1]:5433/my%20db?sslmode=REQUIRE"));
    assertThat(credentials().connection(policy()).orElseThrow())
        .isEqualTo(new PgConnectionParams("[::1]", 5433, "avn@admin", "a+b/c", "my db", "require", null));
  }

  static Object[][] badConnections() {
    return new Object[][] {
        {fields("port", "54x32"), "key port is not a port number (1-65535)"},
        {fields("port", "0"), "key port is not a port number (1-65535)"},
        {fields("port", "65536"), "key port is not a port number (1-65535)"},
        {fields("sslmode", "strict"), "key sslmode has an unknown sslmode (one of allow, disable, prefer, require, verify-ca, verify-full)"},
        {fields("user", ""), "key user is empty"},
        {fields("user", "  "), "key user is empty"},
        {fields("host", "pg.example.com/evil?x="), "key host is not a host name or IP address"},
        {fields("host", ""), "key host is not a host name or IP address"},
        {fields("dbname", " "), "key dbname has an empty database name"},
        {fields("dbname", "orders\u0001"), "key dbname has a control character in the database name"},
        {fields("user", "\u0000avnadmin"), "key user has a control character in the user name"},
        {fields("password", "a\u0000b"), "key password has a NUL character in the password"},
        {fields("sslrootcert", "-----BEGIN PRIVATE KEY-----\nMC4CAQA=\n-----END PRIVATE KEY-----\n"), "key sslrootcert is not a PEM certificate"},
        {fields("sslrootcert", NOT_A_CERT), "key sslrootcert is not a PEM certificate"},
        {fields("sslrootcert", "/etc/passwd"), "key sslrootcert is not a PEM certificate"},
        {Map.of("uri", "postgres://avnadmin:" + PASSWORD + "@pg.example.com:54x32/defaultdb"), "key uri has no valid host and port"},
        {Map.of("uri", "postgres://avnadmin:" + PASSWORD + "@pg example.com/defaultdb"), "key uri is not a postgres:// URI"},
        {Map.of("uri", "mysql://avnadmin:" + PASSWORD + "@pg.example.com/defaultdb"), "key uri is not a postgres:// URI"},
        {Map.of("uri", "postgres://:" + PASSWORD + "@pg.example.com/defaultdb"), "key uri has no user name"},
        {Map.of("uri", "postgres://pg.example.com/defaultdb"), "key uri has no user name"},
        {Map.of("uri", "postgres://avnadmin:" + PASSWORD + "@pg.example.com/defaultdb?sslmode=on"),
            "key uri has an unknown sslmode (one of allow, disable, prefer, require, verify-ca, verify-full)"},
        {Map.of("uri", "postgres://avnadmin:" + PASSWORD + "%zz@pg.example.com/defaultdb"), "key uri is not a postgres:// URI"},
        {Map.of("uri", "postgres://avnadmin:" + PASSWORD + "%FF@pg.example.com/defaultdb"), "key uri has a %-escape that is not UTF-8"},
        {Map.of("uri", "postgres://avnadmin@pg.example.com:70000/defaultdb"), "key uri has a port outside 1-65535"},
    };
  }

  @ParameterizedTest
  @MethodSource("badConnections")
  void aBadConnectionFieldIsInvalidSecretNamingTheKeyNotTheValue(Map<String, String> data, String problem) {
    putText("conn", data);
    ReconcileFailure f = connectionFailure();
    assertThat(f.reason).isEqualTo(Conditions.Reason.INVALID_SECRET);
    assertThat(f.layer).isEqualTo(Layer.SQL);
    assertThat(f.getMessage()).isEqualTo("secret team/conn " + problem).doesNotContain(PASSWORD);
    assertThat(f.retryAfter).as("the Secret is watched: fixing it triggers the next reconcile").isNull();
  }

  @Test
  void bytesThatAreNotUtf8AreInvalidSecret() {
    Map<String, byte[]> data = new LinkedHashMap<>();
    fields().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    data.put("password", new byte[] {'p', (byte) 0xC3, (byte) 0x28, 'w'});
    put("conn", data);
    assertThat(connectionFailure().getMessage()).isEqualTo("secret team/conn key password is not UTF-8 text");
  }

  @Test
  void dataThatIsNotBase64IsInvalidSecret() {
    secrets.put("conn", new SecretBuilder().withNewMetadata().withNamespace("team").withName("conn").endMetadata()
        .withData(Map.of("host", "cGcuZXhhbXBsZS5jb20=", "user", "!!not base64!!")).build());
    assertThat(connectionFailure().getMessage()).isEqualTo("secret team/conn key user is not valid base64");
  }

  @Test
  void missingKeysAndSecretsAreSecretMissing() {
    putText("conn", Map.of("host", "pg.example.com"));
    assertThat(connectionFailure()).satisfies(f -> {
      assertThat(f.reason).isEqualTo(Conditions.Reason.SECRET_MISSING);
      assertThat(f.getMessage()).isEqualTo("secret team/conn has no key user");
    });
    secrets.clear();
    assertThat(connectionFailure().getMessage()).isEqualTo("secret team/conn does not exist");
  }

  static Object[][] badTokens() {
    return new Object[][] {
        {"".getBytes(StandardCharsets.UTF_8), "key token is empty"},
        {" \n\t ".getBytes(StandardCharsets.UTF_8), "key token is empty"},
        {"abc def".getBytes(StandardCharsets.UTF_8),
            "key token has characters an Aiven token cannot have (spaces, control or non-ASCII characters)"},
        {"abc\r\nX-Evil: 1".getBytes(StandardCharsets.UTF_8),
            "key token has characters an Aiven token cannot have (spaces, control or non-ASCII characters)"},
        {"tökén".getBytes(StandardCharsets.UTF_8),
            "key token has characters an Aiven token cannot have (spaces, control or non-ASCII characters)"},
        {new byte[] {'a', (byte) 0xFF, 'b'}, "key token is not UTF-8 text"},
        {"abc\u0001".getBytes(StandardCharsets.UTF_8),
            "key token has characters an Aiven token cannot have (spaces, control or non-ASCII characters)"},
    };
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void aBadTokenIsInvalidSecret(byte[] token, String problem) {
    put("tok", Map.of("token", token));
    ReconcileFailure f = catchThrowableOfType(ReconcileFailure.class, () -> credentials().token(policy()));
    assertThat(f.reason).isEqualTo(Conditions.Reason.INVALID_SECRET);
    assertThat(f.layer).isEqualTo(Layer.SERVICE);
    assertThat(f.getMessage()).isEqualTo("secret team/tok " + problem);
  }

  @Test
  void aTokenIsTrimmed() {
    putText("tok", Map.of("token", "  abc.DEF-123\n"));
    assertThat(credentials().token(policy())).isEqualTo(new Credentials.Token("abc.DEF-123", "secret team/tok"));
  }

  @Test
  void aSecretTheApiServerWouldNotServeIsReportedAndRetried() {
    lookup = (ns, name) -> {
      throw new KubernetesClientException("forbidden", 403, null);
    };
    ReconcileFailure f = catchThrowableOfType(ReconcileFailure.class, () -> credentials().token(policy()));
    assertThat(f.reason).isEqualTo(Conditions.Reason.SECRET_MISSING);
    assertThat(f.getMessage()).isEqualTo("secret team/tok could not be read from the Kubernetes API (HTTP 403)");
    assertThat(f.retryAfter).isEqualTo(DELAYS.fast());
  }
}
