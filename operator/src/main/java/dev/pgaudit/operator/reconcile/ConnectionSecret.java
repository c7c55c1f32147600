package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A connection Secret turned into connection parameters, every field checked first: a value that
 * cannot work (a port that is not a number, an unknown sslmode, a URI that does not parse, an
 * empty user, a CA that is not a certificate, bytes that are not UTF-8) is an {@code InvalidSecret}
 * failure naming the Secret and the key, never the value, before anything connects.
 */
final class ConnectionSecret {
  static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
  static final int DEFAULT_PORT = 5432;
  static final String DEFAULT_DATABASE = "defaultdb";
  static final String DEFAULT_SSLMODE = "require";
  /** A DNS name or an IPv4 address, or an IPv6 address in brackets: nothing that could bend the JDBC URL. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

  private ConnectionSecret() {}

  static PgConnectionParams parse(Secret secret) {
    SecretFields fields = new SecretFields(secret, Layer.SQL);
    String sslRootCert = fields.text("sslrootcert").map(pem -> rootCert(fields, pem)).orElse(null);
    if (fields.has("uri")) return fromUri(fields, fields.text("uri").orElseThrow(), sslRootCert);
    String host = fields.required("host", "has neither key uri nor key host").strip();
    if (!HOST.matcher(host).matches()) throw fields.invalid("host", "is not a host name or IP address");
    return new PgConnectionParams(
        host,
        fields.text("port").map(p -> port(fields, p.strip())).orElse(DEFAULT_PORT),
        user(fields, "user", fields.required("user", "has no key user")),
        fields.text("password").map(p -> password(fields, "password", p)).orElse(null),
        fields.text("dbname").map(d -> database(fields, "dbname", d.strip())).orElse(DEFAULT_DATABASE),
        fields.text("sslmode").map(m -> sslmode(fields, "sslmode", m)).orElse(DEFAULT_SSLMODE),
        sslRootCert);
  }

  private static PgConnectionParams fromUri(SecretFields fields, String text, String sslRootCert) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      // The parser's message quotes the URI, password included: say only which key it is.
      throw fields.invalid("uri", "is not a postgres:// URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgres") && !scheme.equals("postgresql")) throw fields.invalid("uri", "is not a postgres:// URI");
    // An authority that is not host[:port] (a port such as 54x32, a stray character) leaves no host.
    if (uri.getHost() == null || !HOST.matcher(uri.getHost()).matches()) {
      throw fields.invalid("uri", "has no valid host and port");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) throw fields.invalid("uri", "has a port outside 1-65535");
    String rawUserInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
    String[] userInfo = rawUserInfo.split(":", 2);
    String user = user(fields, "uri", decode(fields, userInfo[0]));
    String password = userInfo.length > 1 ? password(fields, "uri", decode(fields, userInfo[1])) : null;
    String sslmode = DEFAULT_SSLMODE;
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        if (pair.startsWith("sslmode=")) sslmode = sslmode(fields, "uri", decode(fields, pair.substring("sslmode=".length())));
      }
    }
    String db = uri.getRawPath() == null || uri.getRawPath().length() <= 1
        ? DEFAULT_DATABASE : database(fields, "uri", decode(fields, uri.getRawPath().substring(1)));
    return new PgConnectionParams(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, db,
        sslmode, sslRootCert);
  }

  private static int port(SecretFields fields, String text) {
    int port = DIGITS.matcher(text).matches() ? Integer.parseInt(text) : -1;
    if (port < 1 || port > 65535) throw fields.invalid("port", "is not a port number (1-65535)");
    return port;
  }

  private static String user(SecretFields fields, String key, String user) {
    if (user.isBlank()) throw fields.invalid(key, key.equals("uri") ? "has no user name" : "is empty");
    if (SecretFields.hasControlCharacter(user)) throw fields.invalid(key, "has a control character in the user name");
    return user;
  }

  /** PostgreSQL cannot take a NUL byte in a password; anything else is the password's business. */
  private static String password(SecretFields fields, String key, String password) {
    if (password.indexOf('\0') >= 0) throw fields.invalid(key, "has a NUL character in the password");
    return password;
  }

  private static String database(SecretFields fields, String key, String db) {
    if (db.isBlank()) throw fields.invalid(key, "has an empty database name");
    if (SecretFields.hasControlCharacter(db)) throw fields.invalid(key, "has a control character in the database name");
    return db;
  }

  private static String sslmode(SecretFields fields, String key, String mode) {
    String normalized = mode.strip().toLowerCase(Locale.ROOT);
    if (!SSL_MODES.contains(normalized)) {
      throw fields.invalid(key, "has an unknown sslmode (one of " + String.join(", ", SSL_MODES.stream().sorted().toList()) + ")");
    }
    return normalized;
  }

  /** The CA must be one or more PEM certificates: pgJDBC would otherwise fail on each connect, less clearly. */
  private static String rootCert(SecretFields fields, String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) throw fields.invalid("sslrootcert", "is not a PEM certificate");
    try {
      var certificates = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (certificates.isEmpty()) throw fields.invalid("sslrootcert", "is not a PEM certificate");
    } catch (CertificateException e) {
      throw fields.invalid("sslrootcert", "is not a PEM certificate");
    }
    return pem;
  }

  /**
   * RFC 3986 percent-decoding ('+' stays a plus, unlike form decoding), strictly UTF-8: a password
   * with a '+' must survive, and a %FF must be reported, not turned into U+FFFD.
   */
  private static String decode(SecretFields fields, String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1)) || !HexFormat.isHexDigit(text.charAt(i + 2))) {
        throw fields.invalid("uri", "has a malformed %-escape");
      }
      bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw fields.invalid("uri", "has a %-escape that is not UTF-8");
    }
  }
}
