package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.postgres.Finding;
import java.time.Duration;

/**
 * A failure that ends a reconcile early, already translated into the layer it belongs to, a
 * reason, a message and when to try again (null: wait for a change event).
 */
final class ReconcileFailure extends RuntimeException {
  final Layer layer;
  final String reason;
  final Duration retryAfter;

  ReconcileFailure(Layer layer, String reason, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.layer = layer;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  static ReconcileFailure fromAiven(Layer layer, AivenApiException e, String what, RetryDelays delays) {
    if (e.isAuthFailure()) return new ReconcileFailure(layer, Conditions.Reason.INVALID_TOKEN, e.getMessage(), delays.slow());
    if (e.isNotFound()) return new ReconcileFailure(layer, Conditions.Reason.SERVICE_NOT_FOUND, e.getMessage(), delays.slow());
    // A refusal (400, 409, ...) needs the spec or the account to change, not another try soon.
    return new ReconcileFailure(layer, Conditions.Reason.AIVEN_API_ERROR, what + " failed: " + e.getMessage(),
        e.retryable() ? delays.fast() : delays.slow());
  }

  /** How soon to look again while the pgaudit extension is being enabled: a passing state of seconds. */
  static final Duration EXTENSION_ENABLING_RETRY = Duration.ofSeconds(5);

  static ReconcileFailure fromFinding(Finding finding, RetryDelays delays) {
    Duration retry = switch (finding.kind()) {
      case CONNECTION_FAILED -> delays.fast();
      case EXTENSION_NOT_READY -> min(delays.fast(), EXTENSION_ENABLING_RETRY);
      default -> delays.slow();
    };
    return new ReconcileFailure(Layer.SQL, reasonOf(finding.kind()), finding.message(), retry);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String reasonOf(Finding.Kind kind) {
    return switch (kind) {
      case UNSUPPORTED_VERSION -> Conditions.Reason.UNSUPPORTED_POSTGRES_VERSION;
      case EXTENSION_NOT_READY -> Conditions.Reason.EXTENSION_ENABLING;
      case MISSING_PRIVILEGE -> Conditions.Reason.MISSING_PRIVILEGE;
      case NOT_OWNER -> Conditions.Reason.NOT_OWNER;
      case ROLE_NOT_FOUND -> Conditions.Reason.ROLE_NOT_FOUND;
      case DATABASE_NOT_FOUND -> Conditions.Reason.DATABASE_NOT_FOUND;
      case INVALID_VALUE -> Conditions.Reason.INVALID_VALUE;
      case CONNECTION_FAILED -> Conditions.Reason.CONNECTION_FAILED;
      case LOGIN_FAILED -> Conditions.Reason.LOGIN_FAILED;
      case OTHER -> Conditions.Reason.SQL_ERROR;
    };
  }
}
