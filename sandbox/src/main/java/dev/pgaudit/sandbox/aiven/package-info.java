/**
 * A stateful Aiven REST API simulator over real loopback HTTP; see {@link dev.pgaudit.sandbox.aiven.AivenSimulator}.
 *
 * <p>Unconfirmed ([U]) points of shared/reference/aiven-api.md, and the simulator's default for each
 * (all switchable in {@link dev.pgaudit.sandbox.aiven.SimulatorOptions}):
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
 *   <li>Integration {@code active}: true at once unless an activation delay is set.</li>
 *   <li>Auth scheme keyword: {@code aivenv1} and {@code Bearer}, case-insensitive.</li>
 *   <li>Not modelled: version-dependent pgaudit validation (no source shows one), restarts on pgaudit changes,
 *       GET-after-create 404s, service create/delete over HTTP (tests arrange services directly).</li>
 * </ul>
 */
package dev.pgaudit.sandbox.aiven;
