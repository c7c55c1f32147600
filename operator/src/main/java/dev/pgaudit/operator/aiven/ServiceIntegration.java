package dev.pgaudit.operator.aiven;

import java.util.Map;

/**
 * An Aiven service integration; {@code id} may be null for available-but-not-enabled entries.
 * {@code status} is integration_status.state.status ({@code starting}, {@code running},
 * {@code failed}; null when Aiven sent none) and {@code problem} its errors and likely cause, if
 * any (reference §7.4): a new or updated integration starts inactive.
 */
public record ServiceIntegration(
    String id,
    String type,
    String sourceProject,
    String sourceService,
    String destProject,
    String destService,
    boolean enabled,
    boolean active,
    Map<String, Object> userConfig,
    String status,
    String problem) {

  public static final String FAILED = "failed";

  /** Without integration_status: as a list entry that carries none. */
  public ServiceIntegration(String id, String type, String sourceProject, String sourceService, String destProject,
      String destService, boolean enabled, boolean active, Map<String, Object> userConfig) {
    this(id, type, sourceProject, sourceService, destProject, destService, enabled, active, userConfig, null, null);
  }

  /** Logs flow: Aiven says active, and its status is not failed. */
  public boolean flowing() {
    return active && !failed();
  }

  public boolean failed() {
    return FAILED.equals(status);
  }

  /** The same integration just (re)configured: inactive and starting until Aiven says otherwise. */
  public ServiceIntegration restarted(Map<String, Object> newConfig) {
    return new ServiceIntegration(id, type, sourceProject, sourceService, destProject, destService, enabled, false,
        newConfig, "starting", null);
  }
}
