package dev.pgaudit.operator.aiven;

import dev.pgaudit.operator.postgres.PgConnectionParams;
import java.util.List;
import java.util.Map;

/**
 * The parts of an Aiven service the operator uses. {@code pgaudit} is user_config.pgaudit (empty
 * when absent). {@code connection} is the avnadmin connection from service_uri_params, null unless
 * the service was read with secrets.
 */
public record AivenService(
    String project,
    String name,
    String type,
    String state,
    String pgVersion,
    Map<String, Object> userConfig,
    Map<String, Object> pgaudit,
    PgConnectionParams connection,
    List<ServiceIntegration> integrations) {

  public boolean isRunning() { return "RUNNING".equals(state); }

  /** RUNNING or REBALANCING: the service serves traffic and accepts configuration. */
  public boolean isOperational() { return isRunning() || "REBALANCING".equals(state); }
}
