package dev.pgaudit.operator.reconcile;

/** Condition types and reasons, in one place. Messages are one sentence a user can act on. */
public final class Conditions {
  private Conditions() {}

  public static final String READY = "Ready";
  public static final String SERVICE_CONFIGURED = "ServiceConfigured";
  public static final String SQL_SETTINGS_APPLIED = "SqlSettingsApplied";
  public static final String SINK_INTEGRATED = "SinkIntegrated";
  public static final String DASHBOARDS_READY = "DashboardsReady";
  public static final String CONFLICT = "Conflict";

  public static final class Reason {
    private Reason() {}

    public static final String RECONCILED = "Reconciled";
    public static final String NOT_APPLICABLE = "NotApplicable";
    public static final String DRY_RUN = "DryRun";
    public static final String SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String SERVICE_NOT_RUNNING = "ServiceNotRunning";
    public static final String INVALID_TOKEN = "InvalidToken";
    public static final String SECRET_MISSING = "SecretMissing";
    public static final String INVALID_SECRET = "InvalidSecret";
    public static final String UNSUPPORTED_POSTGRES_VERSION = "UnsupportedPostgresVersion";
    /** feature_enabled is being applied: pgaudit not usable from SQL yet; passes by itself. */
    public static final String EXTENSION_ENABLING = "ExtensionEnabling";
    public static final String MISSING_PRIVILEGE = "MissingPrivilege";
    public static final String NOT_OWNER = "NotOwner";
    public static final String ROLE_NOT_FOUND = "RoleNotFound";
    public static final String DATABASE_NOT_FOUND = "DatabaseNotFound";
    public static final String INVALID_VALUE = "InvalidValue";
    public static final String CONNECTION_FAILED = "ConnectionFailed";
    public static final String CONFLICT = "Conflict";
    public static final String AIVEN_API_ERROR = "AivenApiError";
    public static final String SQL_ERROR = "SqlError";
    public static final String WAITING = "Waiting";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String RECORD_UNAVAILABLE = "AppliedRecordUnavailable";
    /** DashboardsReady: the logs integration is not active yet; passes by itself. */
    public static final String INTEGRATION_STARTING = "IntegrationStarting";
    /** DashboardsReady: the OpenSearch service offers no Dashboards (disabled in its user_config, or not running). */
    public static final String DASHBOARDS_DISABLED = "DashboardsDisabled";
    public static final String DASHBOARDS_UNREACHABLE = "DashboardsUnreachable";
    public static final String DASHBOARDS_UNAUTHORIZED = "DashboardsUnauthorized";
    /** DashboardsReady: the Global tenant is unavailable (multitenancy settings). */
    public static final String DASHBOARDS_TENANT = "DashboardsTenantUnavailable";
    public static final String DASHBOARDS_ERROR = "DashboardsError";
    /** DashboardsReady: a hand-made index pattern with the same title is used and left alone. */
    public static final String EXISTING_INDEX_PATTERN = "ExistingIndexPattern";
  }

  /** Kubernetes Event reasons. */
  public static final class Event {
    private Event() {}

    public static final String APPLIED = "Applied";
    public static final String DRIFT_CORRECTED = "DriftCorrected";
    public static final String CLEANED_UP = "CleanedUp";
    public static final String ORPHANED = "Orphaned";
    public static final String CLEANUP_ABANDONED = "CleanupAbandoned";
    public static final String FAILED = "Failed";
    public static final String RELEASED = "Released";
    public static final String RECORD_LOST = "AppliedRecordLost";
  }
}
