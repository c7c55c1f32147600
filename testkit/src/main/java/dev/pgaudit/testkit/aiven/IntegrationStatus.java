package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Where an integration is in its life (reference §4.3, §7.4): {@code starting} (inactive) for the
 * activation delay after a create or update and while either end is not operational, then
 * {@code running} (active); or {@code failed} (never active) with errors and a likely cause when a
 * failure was injected.
 */
record IntegrationStatus(String status, boolean active, SimulatorOptions.IntegrationFailure failure) {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  static IntegrationStatus of(SimIntegration i, Instant now, Duration activationDelay, boolean endsOperational) {
    boolean started = !now.isBefore(i.startedAt.plus(activationDelay));
    if (i.failure != null && started) return new IntegrationStatus("failed", false, i.failure);
    if (!started || !endsOperational) return new IntegrationStatus("starting", false, null);
    return new IntegrationStatus("running", true, null);
  }

  ObjectNode toJson() {
    ObjectNode status = JSON.objectNode();
    ObjectNode state = status.putObject("state");
    state.put("status", this.status);
    ArrayNode errors = state.putArray("errors");
    if (failure != null) {
      failure.errors().forEach(errors::add);
      state.put("likely_error_cause", failure.likelyErrorCause());
    }
    state.putObject("nodes");
    status.put("status_user_desc", switch (this.status) {
      case "running" -> "Integration is running";
      case "failed" -> "Integration has failed";
      default -> "Integration is starting";
    });
    return status;
  }
}
