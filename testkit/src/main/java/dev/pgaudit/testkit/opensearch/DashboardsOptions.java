package dev.pgaudit.testkit.opensearch;

/**
 * Switches for what shared/reference/opensearch.md marks [U], so tests can check that the operator
 * copes with either answer. Defaults are the stand-in's best guess; each says why. Safe to change
 * while the stand-in runs.
 */
public final class DashboardsOptions {

  /** Where a request without a usable {@code securitytenant} header lands (Unknowns 8). */
  public enum DefaultTenant {
    /** S19: "a header-less request lands in the user's private tenant". The stricter answer, so the default. */
    PRIVATE,
    /** The security plugin's defaults (preferred: [], enable_global: true) would pick Global (S20). */
    GLOBAL
  }

  /** Which key a field descriptor of {@code _fields_for_wildcard} uses for the OpenSearch types (Unknowns 3). */
  public enum TypesKey {
    ES_TYPES("esTypes"),
    OPENSEARCH_TYPES("opensearchTypes");

    final String json;

    TypesKey(String json) {
      this.json = json;
    }
  }

  private volatile String basePath = "";
  private volatile boolean multitenancy = true;
  private volatile DefaultTenant defaultTenant = DefaultTenant.PRIVATE;
  private volatile boolean tenantHeaderHonored = true;
  private volatile boolean globalTenantEnabled = true;
  private volatile TypesKey typesKey = TypesKey.ES_TYPES;
  private volatile boolean keywordSubFields = false;

  /** Default "": Dashboards served at the root [I]; e.g. "/_dashboards" as on AWS (Unknowns 6). */
  public String basePath() { return basePath; }
  public DashboardsOptions basePath(String value) { basePath = value; return this; }

  /** Default true: Aiven offers "private dashboards per user plus global dashboards" (S11). Off: one store for all. */
  public boolean multitenancy() { return multitenancy; }
  public DashboardsOptions multitenancy(boolean value) { multitenancy = value; return this; }

  /** Default PRIVATE (see the enum). */
  public DefaultTenant defaultTenant() { return defaultTenant; }
  public DashboardsOptions defaultTenant(DefaultTenant value) { defaultTenant = value; return this; }

  /** Default true; false: the header is not in requestHeadersWhitelist and never reaches the plugin (Unknowns 8). */
  public boolean tenantHeaderHonored() { return tenantHeaderHonored; }
  public DashboardsOptions tenantHeaderHonored(boolean value) { tenantHeaderHonored = value; return this; }

  /** Default true (S20 enable_global); false: asking for Global is answered 400 "Invalid tenant" (wording [U]). */
  public boolean globalTenantEnabled() { return globalTenantEnabled; }
  public DashboardsOptions globalTenantEnabled(boolean value) { globalTenantEnabled = value; return this; }

  /** Default esTypes (OSD's FieldSpec and saved objects seen in S24); opensearchTypes as in OSD's field_caps_response.ts. */
  public TypesKey typesKey() { return typesKey; }
  public DashboardsOptions typesKey(TypesKey value) { typesKey = value; return this; }

  /**
   * Default false: the sender's explicit mapping makes strings {@code text} only (S5); true: dynamic
   * mapping's {@code text} plus an aggregatable {@code .keyword} sub-field for every string (Unknowns 3).
   */
  public boolean keywordSubFields() { return keywordSubFields; }
  public DashboardsOptions keywordSubFields(boolean value) { keywordSubFields = value; return this; }
}
