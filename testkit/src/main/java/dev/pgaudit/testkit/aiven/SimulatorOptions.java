package dev.pgaudit.testkit.aiven;

/**
 * Switches for what the reference marks [U]nconfirmed, so tests can check that the operator copes
 * with either answer. Defaults are the simulator's best guess; each setter says why. Safe to change
 * while the simulator runs.
 */
public final class SimulatorOptions {

  /** What a user_config PUT does on a POWEROFF service. */
  public enum PoweroffUpdate {
    /** 409 {@code Database not powered on} (not_powered), like other operations that need nodes. */
    REJECT,
    /** Stored and applied at the next power-on. */
    ACCEPT
  }

  /** What happens to create-only keys (admin_username, admin_password) in an update. */
  public enum CreateOnlyKeys { REJECT, IGNORE }

  /** How an integration POST is answered when its destination service is not RUNNING/REBALANCING (§7.4 [U]). */
  public enum NonOperationalDestination {
    /** POWEROFF: 409 not_powered, as for other operations that need running nodes; REBUILDING: accepted. */
    REJECT_POWEROFF,
    /** POWEROFF and REBUILDING: 409. */
    REJECT,
    /** Accepted; the integration stays inactive ("starting") until the destination runs. */
    ACCEPT
  }

  /** What a failed integration shows: integration_status.state.errors and likely_error_cause. */
  public record IntegrationFailure(java.util.List<String> errors, String likelyErrorCause) {
    public IntegrationFailure {
      errors = java.util.List.copyOf(errors);
    }
  }

  private volatile boolean rejectUnknownUserConfigKeys = true;
  private volatile boolean acceptDestinationServiceAlias = false;
  private volatile boolean fillDefaultsInGet = false;
  private volatile boolean listIncludesDestinationSide = true;
  private volatile boolean listIncludesAvailableIntegrations = true;
  private volatile PoweroffUpdate poweroffUpdate = PoweroffUpdate.REJECT;
  private volatile CreateOnlyKeys createOnlyKeysOnUpdate = CreateOnlyKeys.REJECT;
  private volatile int unchangedIntegrationStatus = 400;
  private volatile boolean rateLimitSendsRetryAfter = false;
  private volatile boolean redactServiceUriWithoutSecrets = true;
  private volatile java.time.Duration integrationActivationDelay = java.time.Duration.ofMillis(300);
  private volatile IntegrationFailure integrationFailure = null;
  private volatile NonOperationalDestination nonOperationalDestination = NonOperationalDestination.REJECT_POWEROFF;
  private volatile boolean dashboardsUriEmbedsCredentials = true;
  private volatile java.time.Duration pgauditActivationDelay = java.time.Duration.ofMillis(300);

  /** Default true: the API validates against a JSON schema; the reference asks us to reject. */
  public boolean rejectUnknownUserConfigKeys() { return rejectUnknownUserConfigKeys; }
  public SimulatorOptions rejectUnknownUserConfigKeys(boolean value) { rejectUnknownUserConfigKeys = value; return this; }

  /** Default false: every client and the OpenAPI schema use dest_service; one docs page says destination_service. */
  public boolean acceptDestinationServiceAlias() { return acceptDestinationServiceAlias; }
  public SimulatorOptions acceptDestinationServiceAlias(boolean value) { acceptDestinationServiceAlias = value; return this; }

  /** Default false: GET returns what was stored; true fills schema defaults into pgaudit and logs configs. */
  public boolean fillDefaultsInGet() { return fillDefaultsInGet; }
  public SimulatorOptions fillDefaultsInGet(boolean value) { fillDefaultsInGet = value; return this; }

  /** Default true: a service's integration list shows integrations in both directions. */
  public boolean listIncludesDestinationSide() { return listIncludesDestinationSide; }
  public SimulatorOptions listIncludesDestinationSide(boolean value) { listIncludesDestinationSide = value; return this; }

  /** Default true: lists carry "available but not enabled" entries with a null id, as the CLI shows. */
  public boolean listIncludesAvailableIntegrations() { return listIncludesAvailableIntegrations; }
  public SimulatorOptions listIncludesAvailableIntegrations(boolean value) { listIncludesAvailableIntegrations = value; return this; }

  /** Default REJECT: the conservative answer; the operator must cope with it. */
  public PoweroffUpdate poweroffUpdate() { return poweroffUpdate; }
  public SimulatorOptions poweroffUpdate(PoweroffUpdate value) { poweroffUpdate = value; return this; }

  /** Default REJECT with 400. */
  public CreateOnlyKeys createOnlyKeysOnUpdate() { return createOnlyKeysOnUpdate; }
  public SimulatorOptions createOnlyKeysOnUpdate(CreateOnlyKeys value) { createOnlyKeysOnUpdate = value; return this; }

  /** Default 400 ("probably 400" in the reference). */
  public int unchangedIntegrationStatus() { return unchangedIntegrationStatus; }
  public SimulatorOptions unchangedIntegrationStatus(int value) { unchangedIntegrationStatus = value; return this; }

  /** Default false: no source shows Aiven sending Retry-After, so the client must back off on its own. */
  public boolean rateLimitSendsRetryAfter() { return rateLimitSendsRetryAfter; }
  public SimulatorOptions rateLimitSendsRetryAfter(boolean value) { rateLimitSendsRetryAfter = value; return this; }

  /** Default true ("assume yes" in the reference): service_uri and its password are redacted too. */
  public boolean redactServiceUriWithoutSecrets() { return redactServiceUriWithoutSecrets; }
  public SimulatorOptions redactServiceUriWithoutSecrets(boolean value) { redactServiceUriWithoutSecrets = value; return this; }

  /**
   * Default 300 ms: a new (or updated) integration is {@code active: false}, status {@code starting},
   * this long before it runs; Terraform polls for {@code active} after every create and update, so
   * a real one starts inactive (§7.4 [I]; how long is [U]). Zero: active at once.
   */
  public java.time.Duration integrationActivationDelay() { return integrationActivationDelay; }
  public SimulatorOptions integrationActivationDelay(java.time.Duration value) { integrationActivationDelay = value; return this; }

  /** Default null; otherwise integrations created from now on go from starting to failed with this failure, never active. */
  public IntegrationFailure integrationFailure() { return integrationFailure; }
  public SimulatorOptions integrationFailure(IntegrationFailure value) { integrationFailure = value; return this; }

  /** Default REJECT_POWEROFF (see the enum); the API's real answer is unconfirmed. */
  public NonOperationalDestination nonOperationalDestination() { return nonOperationalDestination; }
  public SimulatorOptions nonOperationalDestination(NonOperationalDestination value) { nonOperationalDestination = value; return this; }

  /**
   * Default 300 ms, so every test meets the window: how long after a PUT that turns
   * {@code pgaudit.feature_enabled} on the linked PostgreSQL does not yet accept pgaudit.* settings
   * from avnadmin (§7.5 [U]; see PgauditControlPlane), and how long any pgaudit change takes
   * to reach it. Zero: applied before the PUT is answered, no window.
   */
  public java.time.Duration pgauditActivationDelay() { return pgauditActivationDelay; }
  public SimulatorOptions pgauditActivationDelay(java.time.Duration value) { pgauditActivationDelay = value; return this; }

  /**
   * Default true: connection_info.opensearch_dashboards_uri is {@code https://avnadmin:<password>@host:443}
   * (opensearch.md §2 [I]: avnadmin's credentials are "included in the default connection string");
   * false: the URI carries no credentials and clients take opensearch_username/opensearch_password (Unknowns 6).
   */
  public boolean dashboardsUriEmbedsCredentials() { return dashboardsUriEmbedsCredentials; }
  public SimulatorOptions dashboardsUriEmbedsCredentials(boolean value) { dashboardsUriEmbedsCredentials = value; return this; }
}
