package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Reads a policy's credentials from Secrets (through the informer cache): the Aiven token and,
 * when spec.connection is set, the PostgreSQL connection. Nothing read here is ever logged.
 */
final class Credentials {

  /** A token and where it came from; toString() shows only the source. */
  record Token(String value, String source) {
    @Override
    public String toString() { return "Token[" + source + "]"; }
  }

  private final BiFunction<String, String, Optional<Secret>> secrets;
  private final Supplier<String> defaultToken;
  private final String defaultTokenSource;

  /** {@code secrets} looks a Secret up by namespace and name. */
  Credentials(BiFunction<String, String, Optional<Secret>> secrets, Supplier<String> defaultToken, String defaultTokenSource) {
    this.secrets = secrets;
    this.defaultToken = defaultToken;
    this.defaultTokenSource = defaultTokenSource;
  }

  Token token(PgAuditPolicy policy) {
    SecretKeyRef ref = policy.getSpec().getAuthSecretRef();
    if (ref == null) {
      String token = defaultToken.get();
      if (token == null || token.isBlank()) {
        throw missing(Layer.SERVICE, "spec.authSecretRef is not set and the operator has no default Aiven token");
      }
      return new Token(token.trim(), defaultTokenSource);
    }
    String ns = policy.getMetadata().getNamespace();
    String key = ref.getKey() == null ? "token" : ref.getKey();
    String value = read(ns, ref.getName(), key)
        .orElseThrow(() -> missing(Layer.SERVICE, describe(ns, ref.getName()) + " or its key " + key + " does not exist"));
    return new Token(value.trim(), "secret " + ns + "/" + ref.getName());
  }

  /** The connection Secret's parameters, or empty when the policy leaves it to the Aiven API. */
  Optional<PgConnectionParams> connection(PgAuditPolicy policy) {
    var spec = policy.getSpec().getConnection();
    if (spec == null || spec.getSecretRef() == null) return Optional.empty();
    String ns = policy.getMetadata().getNamespace();
    String name = spec.getSecretRef().getName();
    Secret secret = secrets.apply(ns, name).orElseThrow(() -> missing(Layer.SQL, describe(ns, name) + " does not exist"));
    Optional<String> uri = value(secret, "uri");
    if (uri.isPresent()) return Optional.of(fromUri(uri.get(), value(secret, "sslrootcert").orElse(null), ns, name));
    String host = value(secret, "host").orElseThrow(() -> missing(Layer.SQL, describe(ns, name) + " has neither key uri nor key host"));
    String user = value(secret, "user").orElseThrow(() -> missing(Layer.SQL, describe(ns, name) + " has no key user"));
    return Optional.of(new PgConnectionParams(
        host,
        Integer.parseInt(value(secret, "port").orElse("5432").trim()),
        user,
        value(secret, "password").orElse(null),
        value(secret, "dbname").orElse("defaultdb"),
        value(secret, "sslmode").orElse("require"),
        value(secret, "sslrootcert").orElse(null)));
  }

  private Optional<String> read(String ns, String name, String key) {
    return secrets.apply(ns, name).flatMap(s -> value(s, key));
  }

  private static Optional<String> value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null) return Optional.ofNullable(secret.getStringData().get(key));
    return Optional.empty();
  }

  private static PgConnectionParams fromUri(String text, String sslRootCert, String ns, String name) {
    try {
      URI uri = URI.create(text.trim());
      String[] userInfo = uri.getRawUserInfo() == null ? new String[] {""} : uri.getRawUserInfo().split(":", 2);
      String sslmode = "require";
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          if (pair.startsWith("sslmode=")) sslmode = decode(pair.substring("sslmode=".length()));
        }
      }
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "defaultdb" : uri.getPath().substring(1);
      return new PgConnectionParams(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(userInfo[0]),
          userInfo.length > 1 ? decode(userInfo[1]) : null, db, sslmode, sslRootCert);
    } catch (IllegalArgumentException e) {
      // The message of a URI parse error would quote the URI, password included: say only where it is.
      throw new ReconcileFailure(Layer.SQL, Conditions.Reason.SECRET_MISSING,
          describe(ns, name) + " key uri is not a postgres:// URI", null);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String describe(String ns, String name) {
    return "secret " + ns + "/" + name;
  }

  private static ReconcileFailure missing(Layer layer, String message) {
    return new ReconcileFailure(layer, Conditions.Reason.SECRET_MISSING, message, null);
  }
}
