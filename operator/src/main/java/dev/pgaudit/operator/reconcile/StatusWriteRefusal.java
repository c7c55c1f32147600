package dev.pgaudit.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

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
