package dev.pgaudit.benchmark;

/**
 * The report's fixed text: what keeps the operator at the minimum, and how everything is measured.
 * Kept apart from {@link MarkdownReport}, which renders the figures of a run.
 */
final class ReportText {
  private ReportText() {}

  static final String DESIGN = """
        ## What keeps the operator at the minimum

        - **One read per project, not per service.** `GET /project/{project}/service` returns every service of the project
          with its `user_config` and integrations. Policies share one such reading per (project, token) within
          `PGAUDIT_RESYNC_PERIOD`; concurrent reconciles join the request in flight. The operator's own writes update it
          (a PUT answers with the service, a POST with the integration); a failed write makes the next reconcile read again.
          A sink's destination is checked in that reading too, and integrations that are still starting are re-checked
          through one re-read of the project shared by every waiting policy (at most one per 2 s), not a list per service.
          The avnadmin credentials come with `include_secrets=true` only when a policy needs them and none are kept, and are
          kept until PostgreSQL refuses them. The settings query stays one per service and window.
        - **No reconcile waits for a busy service.** One run at a time per service; a policy whose service is busy is queued
          and triggered again when the run lands, so a slow service (429 with Retry-After, a hanging call) holds one
          reconcile thread, not all of them.
        - **SQL writes in batches.** A plan's `ALTER … SET` statements go to PostgreSQL as JDBC batches of up to 500
          targets per transaction (one round trip each) instead of one transaction per target; at most 20 changes per run
          are told as Events, the rest as one count.
        - **One service PUT per service.** A PUT the service needs anyway (the feature flag) carries the Service-scope
          keys of the other policies on the service that use the same Aiven token, so the Service-scope policy finds its
          keys in place instead of making a second PUT. Keys of policies with another token are never written with this one.
        - **A client-side rate limit.** Every Aiven client of the process shares one token bucket per Aiven token
          (`PGAUDIT_AIVEN_RATE_LIMIT`, default 9 requests/s, 10% under the API's assumed 10/s): requests wait milliseconds
          for a slot instead of collecting 429s, each of which cost at least 2 s of back-off on a blocked reconcile thread
          and counted against the limit anyway.
        - **One coverage re-report per burst.** A peer's write that changes a policy's coverage re-reports it, but while
          other policies on the service have still to run (created or edited together, or not yet swept after a restart)
          the re-report is held, and so is a run's status write whose only news is coverage: a burst of writes on a
          service costs each affected policy one status write, at the latest 30 s after the first change it holds
          (`CoverageHolds`). `Ready` is never held.
        - **Most specific first.** Policies queued on a busy service are run in the order in which their settings shadow
          each other: those with a spec still to apply first, and among them DatabaseRole, Role, Database, then Service
          scope. A broader policy then reports its coverage once, with the narrower settings that shadow it in place,
          instead of once more after each narrower peer's write (at 1,000 × 100: ~175 coverage re-reports instead of
          ~340).
        - **PostgreSQL sessions are reused.** A session a reconcile has finished with is kept idle for 5 s (at most 8 per
          login) and handed to the next reconcile with the same login while that login is younger than the resync period;
          the operator's own sessions are left out of the old-session count. Connecting (a process, authentication, cold
          catalog caches) was most of PostgreSQL's work: at 1,000 × 100 it used 57 CPU-s while converging with a session
          per reconcile, 4 with reuse, and all Ready went from 63 s to 34 s.
        - **Dropped keep-alive connections are retried at once.** A pooled connection the server closed while idle (after
          a resync period of silence) fails the next request; its first retry now goes out immediately, and the pool's
          other idle connections, dropped just the same, are closed so that the retry gets a new one. Before, each such
          request waited 2–4 s of back-off (or longer, picking the next dropped connection).

        """;

  static final String METHOD = """
        ## How it is measured

        - **All Ready**: from the first `create` of a policy (the benchmark applies them one after another, as `kubectl apply`
          would) until the last policy reports `Ready=True` (reason `Reconciled`) at its generation, as seen by a watch.
          Per policy: from its own `create` until its own Ready.
        - **Single change**: one spec change at a time (a JSON patch of the policy), from the patch until the policy reports
          Ready at the new generation; the next change starts only then.
        - **One slow service**: after the single changes, the simulator answers every PUT of one service with 429 and
          `Retry-After: 60`; a Service-scope change on that service starts a PUT that waits out the Retry-After, and once
          the first 429 is seen, up to 20 single changes on the other services are timed as above. The fault is then
          lifted and the slow service's own change is timed until Ready. Its requests are in no other phase.
        - **Aiven requests**: counted by the simulator as they arrive, 429s included (they count against the limit too).
          **SQL settings written**: the operator's `pgaudit_sql_statements_total`, checked against PostgreSQL's own
          `pg_stat_statements` count of `ALTER … SET/RESET`. **Settings queries**: reads of `pg_db_role_setting` counted
          by `pg_stat_statements`. **Kubernetes writes**: POST/PUT/PATCH/DELETE requests that reach the mock API server
          with the operator's kubeconfig token (status, policy metadata such as the finalizer, Events); the benchmark's own
          applies and changes carry no token and are not counted.
        - Each phase ends when no reconciliation has run and nothing was sent for 1 s, so trailing work (peers of a
          changed policy, retries) counts to the phase that caused it.
        - **Minimum** (reads per project, writes per change): converging takes one list of each project's services (with
          secrets: it carries every service's config, integrations and avnadmin credentials), one service PUT per service
          (the feature flag together with the Service-scope keys), one integration create per sink, one settings query per
          service with SQL scopes and one `SET` per managed SQL setting; Kubernetes needs a finalizer, an applied-record
          write and a status per policy and one Event per change. A change needs only the write of its diff (at most one service PUT; none for an
          SQL change), one status and one Event: the project's reading of the window serves it. A resync of everything at
          rest needs one list per project and one settings query per service with SQL scopes, and no write. In the
          minimum because truth needs it: one re-read of the project that sees a new or updated integration active (it
          starts inactive; every waiting policy of the project shares one, at most one per 2 s): one per project with
          sinks while converging (more happen only while some are still starting; those are not counted), and one per
          sink change, which so costs its PUT and one re-read.
        - **Truthful reports in the Kubernetes minimum** (issue 14): on top of the above, the minimum counts the writes a
          status that never claims more than is true cannot leave out, as the statuses themselves showed them: a
          `Ready=False` `SinkStarting` status for each integration Aiven reported inactive after its create or update; a
          second status for each policy whose coverage (the `Effective` condition and `status.coverage`) changed after it
          was first reported Ready (while converging) or that a change did not edit but whose coverage it changed (while
          changing); one Warning Event for each policy whose `Effective` turned `False`. The figures are under each
          workload's details.
          The applied records (a ConfigMap per service, *other* in the details) are in the minimum once per policy: a
          policy's entry is written ahead of its first writes, so that an edit or a delete undoes exactly what it wrote.
        - **Resync of everything**: the operator is restarted with a short `PGAUDIT_RESYNC_PERIOD` (its shared-observation
          window follows it). After its first sweep, every policy is resynced one period after its last reconcile, so
          the next *N* reconciliations (*N* policies, nothing changes meanwhile) are one resync of every policy; that
          round is counted, from the end of the sweep until the operator is at rest again.
        - **Heap**: the operator's own `jvm_memory_used_bytes{area="heap"}` (peak sampled twice a second; live after a full
          GC requested with `jcmd`). **RSS**: `VmRSS`/`VmHWM` of the operator process. **Start → ready**: from starting the
          JVM until `/readyz` answers 200.
        - **Back-off**: the operator's `pgaudit_aiven_api_retry_wait_seconds` (time its Aiven client slept before retries)
          and `pgaudit_aiven_api_pacer_wait_seconds` (time spent waiting for its own rate limiter).
        """;
}
