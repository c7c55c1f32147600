package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A status write the API server refused, with a reason from a short fixed list (a metric label):
 * too_large (etcd's "request is too large", or 413), conflict, invalid, forbidden, not_found,
 * server_error, other.
 */
record StatusWriteRefusal(String reason, int code, String message) {

  /** The refusal in {@code e} or its causes; empty when no API answer is involved. */
  static Optional<StatusWriteRefusal> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        String message = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
        return Optional.of(new StatusWriteRefusal(reasonOf(k.getCode(), message), k.getCode(), message));
      }
      if (t.getCause() == t) break;
    }
    return Optional.empty();
  }

  /**
   * Logs (a conflict at INFO, as it passes by itself; anything else at WARN, with the API server's
   * reason) and counts a refused status write of {@code policy}, if {@code e} is one. The policy
   * carries the status that was refused, not the stored one; the stored one stays as it was.
   */
  static void tell(PgAuditPolicy policy, Throwable e, StatusWriteListener listener) {
    of(e).ifPresent(refusal -> {
      Logger log = LoggerFactory.getLogger(PgAuditPolicyReconciler.class);
      Long generation = policy.getMetadata().getGeneration();
      String line = "{} status write for generation {} refused by the API server ({}: HTTP {} {}); the stored status stays as it was";
      if ("conflict".equals(refusal.reason())) {
        log.info(line, policy.key(), generation, refusal.reason(), refusal.code(), refusal.message());
      } else {
        log.warn(line, policy.key(), generation, refusal.reason(), refusal.code(), refusal.message());
      }
      listener.refused(refusal.reason());
    });
  }

  private static String reasonOf(int code, String message) {
    if (code == 413 || (message != null && message.contains("request is too large"))) return "too_large";
    return switch (code) {
      case 409 -> "conflict";
      case 422 -> "invalid";
      case 401, 403 -> "forbidden";
      case 404 -> "not_found";
      default -> code >= 500 ? "server_error" : "other";
    };
  }
}
