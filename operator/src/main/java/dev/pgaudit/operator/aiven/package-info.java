/**
 * The Aiven REST API gateway: {@link dev.pgaudit.operator.aiven.AivenClient} (OkHttp + Jackson).
 *
 * <p>Decisions on points the reference (shared/reference/aiven-api.md) leaves open:
 * <ul>
 *   <li>Retried in the client (GET/PUT/DELETE): I/O errors and timeouts, 408, 429, 5xx except 501, 417 on DELETE;
 *       up to {@code maxRetries} retries. Retry n waits a random time in [min·2^(n-1), min·2^n], clamped to
 *       [minBackoff, maxBackoff]; a Retry-After header wins, but one over max(maxBackoff, 60 s) is not waited
 *       for: the call fails at once with a retryable exception so the reconciler requeues.</li>
 *   <li>501: not retried here (Aiven uses it for "Kafka topic not ready"; on these endpoints it would mean
 *       "not implemented"), but the exception is marked retryable so the reconciler tries later.</li>
 *   <li>POST of an integration: 429 or a refused connection → POST again; 5xx/408/timeout → list the source
 *       service's integrations first and adopt a match; any 409 → look up and adopt (the duplicate message is
 *       unconfirmed), else fail with the 409. So a retry never creates a duplicate.</li>
 *   <li>{@code user config not changed} is matched on the message whatever the status; the integration is then
 *       read back with one GET. DELETE of a missing integration (404) is success.</li>
 *   <li>No message parsing for "try again in Ns": only the header counts.</li>
 *   <li>include_secrets answered with a redacted password (legacy read_only role) → 403-style auth failure,
 *       since SQL with "&lt;redacted&gt;" would only fail later and less clearly.</li>
 *   <li>The token is trimmed (Secrets made with echo end in a newline); empty or control characters → 401-style
 *       failure without a request. OkHttp's own silent retry is off so every attempt is observed.</li>
 * </ul>
 */
package dev.pgaudit.operator.aiven;
