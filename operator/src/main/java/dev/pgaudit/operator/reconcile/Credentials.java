package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Reads a policy's credentials from Secrets (through the Secret cache): the Aiven token and,
 * when spec.connection is set, the PostgreSQL connection. Every value is checked before use, and
 * a bad one becomes a failure naming the Secret and key. Nothing read here is ever logged.
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
  private final RetryDelays delays;

  /** {@code secrets} looks a Secret up by namespace and name. */
  Credentials(BiFunction<String, String, Optional<Secret>> secrets, Supplier<String> defaultToken, String defaultTokenSource,
      RetryDelays delays) {
    this.secrets = secrets;
    this.defaultToken = defaultToken;
    this.defaultTokenSource = defaultTokenSource;
    this.delays = delays;
  }

  Token token(PgAuditPolicy policy) {
    SecretKeyRef ref = policy.getSpec().getAuthSecretRef();
    if (ref == null) {
      String token = defaultToken.get();
      if (token == null || token.isBlank()) {
        throw missing(Layer.SERVICE, "spec.authSecretRef is not set and the operator has no default Aiven token");
      }
      return new Token(token.strip(), defaultTokenSource);
    }
    String ns = policy.getMetadata().getNamespace();
    String key = ref.getKey() == null ? "token" : ref.getKey();
    Secret secret = lookup(Layer.SERVICE, ns, ref.getName())
        .orElseThrow(() -> missing(Layer.SERVICE, SecretFields.describe(ns, ref.getName()) + " does not exist"));
    SecretFields fields = new SecretFields(secret, Layer.SERVICE);
    String value = fields.required(key, "has no key " + key).strip();
    if (value.isEmpty()) throw fields.invalid(key, "is empty");
    // It goes into an HTTP header: anything but visible ASCII would be refused there, or worse, split it.
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw fields.invalid(key, "has characters an Aiven token cannot have (spaces, control or non-ASCII characters)");
    }
    return new Token(value, SecretFields.describe(ns, ref.getName()));
  }

  /** The connection Secret's parameters, or empty when the policy leaves it to the Aiven API. */
  Optional<PgConnectionParams> connection(PgAuditPolicy policy) {
    var spec = policy.getSpec().getConnection();
    if (spec == null || spec.getSecretRef() == null) return Optional.empty();
    String ns = policy.getMetadata().getNamespace();
    String name = spec.getSecretRef().getName();
    Secret secret = lookup(Layer.SQL, ns, name)
        .orElseThrow(() -> missing(Layer.SQL, SecretFields.describe(ns, name) + " does not exist"));
    return Optional.of(ConnectionSecret.parse(secret));
  }

  /** A Secret the cache does not hold is read from the API server; that read can fail like any other. */
  private Optional<Secret> lookup(Layer layer, String ns, String name) {
    try {
      return secrets.apply(ns, name);
    } catch (KubernetesClientException e) {
      throw new ReconcileFailure(layer, Conditions.Reason.SECRET_MISSING, SecretFields.describe(ns, name)
          + " could not be read from the Kubernetes API (HTTP " + e.getCode() + ")", delays.fast());
    }
  }

  private static ReconcileFailure missing(Layer layer, String message) {
    return new ReconcileFailure(layer, Conditions.Reason.SECRET_MISSING, message, null);
  }
}
