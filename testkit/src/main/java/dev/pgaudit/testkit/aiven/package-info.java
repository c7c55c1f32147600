/**
 * A stateful Aiven REST API simulator over real loopback HTTP; see {@link dev.pgaudit.testkit.aiven.AivenSimulator}.
 *
 * <p>Unconfirmed ([U]) points of shared/reference/aiven-api.md, and the simulator's default for each
 * (all switchable in {@link dev.pgaudit.testkit.aiven.SimulatorOptions}):
 * <ul>
 *   <li>Unknown user_config keys: rejected with 400, JSON-schema wording
 *       ({@code Additional properties are not allowed ('x' was unexpected)}); the reference asks for rejection.</li>
 *   <li>Validation messages name nested keys as {@code pgaudit.log_level}; the real path format is unknown.</li>
 *   <li>Create-only keys in an update: 400 (or silently dropped).</li>
 *   <li>{@code destination_service}: rejected as an unknown field; every client and the OpenAPI use {@code dest_service}.</li>
 *   <li>{@code user config not changed}: status 400 ("probably 400").</li>
 *   <li>Defaults filled into GET: off (GET shows what was stored); on fills pgaudit and logs defaults.</li>
 *   <li>Integration lists: both directions, plus an "available, not enabled" entry with a null id (the CLI shows those).</li>
 *   <li>user_config PUT on POWEROFF: 409 {@code Database not powered on} (not_powered); REBUILDING/REBALANCING accept.</li>
 *   <li>Rate limit: per token; 429 with the real body; no Retry-After unless enabled (no source shows the header).</li>
 *   <li>service_uri and service_uri_params.password without include_secrets: redacted ("assume yes").</li>
 *   <li>Integration {@code active} (§7.4): false with {@code integration_status.state.status: starting} for
       {@code integrationActivationDelay} (default 300 ms) after a create or config update and while source or
       destination is not RUNNING/REBALANCING, then {@code running}; an injected failure
       ({@code integrationFailure}, {@code failIntegration}) shows {@code failed}, {@code errors} and
       {@code likely_error_cause} and is never active.</li>
   <li>POST to a destination that is not operational (§7.4): POWEROFF gets 409 not_powered, REBUILDING is accepted
       and stays starting until it runs (switchable: reject both, accept both).</li>
   <li>feature_enabled (§7.5): with a linked PostgreSQL ({@code addPgService(..., PgAuditCluster)}), the extension
       and server-level settings follow user_config after {@code pgauditActivationDelay} (default 300 ms); from the
       enabling PUT until then avnadmin's SET on pgaudit.* is withheld and the extension absent (see
       {@code PgauditControlPlane}); disabling removes extension and settings, keeps grants.
       Whether enabling restarts PostgreSQL: not modelled (no restart).</li>
   <li>Schema endpoints (§7.1): {@code service-types/{t}} answers the type object unwrapped; unknown type: 404;
       integration types other than logs have a free-form user_config schema.</li>
   <li>A user_config PUT accepted on a POWEROFF service (ACCEPT option) reaches the linked PostgreSQL at once,
       not at the next power-on.</li>
 *   <li>Auth scheme keyword: {@code aivenv1} and {@code Bearer}, case-insensitive.</li>
 *   <li>Not modelled: version-dependent pgaudit validation (no source shows one), restarts on pgaudit changes,
 *       GET-after-create 404s, service create/delete over HTTP (tests arrange services directly).</li>
 * </ul>
 */
package dev.pgaudit.testkit.aiven;
