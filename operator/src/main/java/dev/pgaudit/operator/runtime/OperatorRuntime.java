package dev.pgaudit.operator.runtime;

import dev.pgaudit.operator.OperatorFactory;
import dev.pgaudit.operator.aiven.AivenClientConfig;
import dev.pgaudit.operator.aiven.RequestPacer;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import dev.pgaudit.operator.reconcile.RetryDelays;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process minus main(): wires configuration, metrics, the reconciler, leader election
 * and the health/metrics HTTP server around one JOSDK {@link Operator}, and runs its lifecycle.
 * Tests drive this very class against Fabric8's mock API server.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorRuntime.class);
  /** The cleanup of a deleted policy is retried this often before its finalizer is let go. */
  static final int MAX_CLEANUP_ATTEMPTS = 10;

  enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final RuntimeOptions options;
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final ReconcilerSettings reconcilerSettings;
  private final PgSessionOpener.StatementListener statementListener;
  private final PgSessionOpener sessions;
  private final Operator operator;
  private volatile State state = State.NEW;
  private volatile Duration startupTime;
  private HealthServer http;

  private OperatorRuntime(OperatorConfig config, KubernetesClient client, RuntimeOptions options) {
    this.config = config;
    this.client = client;
    this.options = options;
    DefaultToken token = new DefaultToken(config);
    AivenClientConfig defaults = AivenClientConfig.defaults(config.aivenApiUrl());
    // One pacer for every client: the API limits per token, however many policies share it.
    AivenClientConfig aiven = new AivenClientConfig(config.aivenApiUrl(), config.aivenConnectTimeout(),
        config.aivenReadTimeout(), defaults.maxRetries(), defaults.minBackoff(), defaults.maxBackoff(), metrics.aivenCalls(),
        RequestPacer.perSecond(config.aivenRateLimit(), Math.max(1, (int) Math.floor(config.aivenRateLimit()))));
    // Policies at rest share one observation of their service per resync period (one GET per service, not per policy).
    this.reconcilerSettings = new ReconcilerSettings(aiven, token, token.source(), RetryDelays.defaults(), MAX_CLEANUP_ATTEMPTS)
        .withObservationTtl(config.resyncPeriod())
        .withStatusWrites(metrics.statusWriteFailures())
        .withCoverage(metrics.policyCoverage())
        // the applied records live next to the Lease: the operator's own namespace
        .withRecordNamespace(config.leaderElectionNamespace())
        .withTenancy(config.tenancy());
    this.statementListener = metrics.sqlStatements();
    this.sessions = new PgSessionOpener(statementListener);
    this.operator = OperatorFactory.create(client, reconcilerSettings, sessions,
        new OperatorFactory.Options(config.watchNamespaces(), config.resyncPeriod(), config.reconcileConcurrency(),
            options.serverSideApply(), config.leaderElection() ? leaderElection() : null, metrics.josdk()));
  }

  /** Builds everything; nothing talks to Kubernetes or listens on a port before {@link #start()}. */
  public static OperatorRuntime create(OperatorConfig config, KubernetesClient client, RuntimeOptions options) {
    return new OperatorRuntime(config, client, options);
  }

  /**
   * Serves HTTP first (so liveness answers during startup), then starts the operator, which returns
   * once every informer has synced. With leader election a standby is ready too; it reconciles
   * only when it gets the Lease.
   */
  public void start() throws IOException {
    long begin = System.nanoTime();
    synchronized (this) {
      if (state != State.NEW) throw new IllegalStateException("already " + state.name().toLowerCase());
      serveHttp();
      state = State.STARTING;
    }
    // Not under the lock: a SIGTERM while informers sync must be able to stop() right away.
    try {
      operator.start();
    } catch (RuntimeException e) {
      synchronized (this) {
        if (state == State.STARTING) state = State.FAILED;
      }
      throw e;
    }
    synchronized (this) {
      if (state != State.STARTING) return; // stopped while starting
      if (!config.leaderElection()) metrics.leader(true);
      state = State.RUNNING;
    }
    startupTime = Duration.ofNanos(System.nanoTime() - begin);
    log.info("ready in {} ms{}", startupTime.toMillis(), config.leaderElection()
        ? "; reconciling once this replica (" + config.podName() + ") holds Lease "
            + config.leaderElectionNamespace() + "/" + OperatorConfig.LEASE_NAME : "");
  }

  /** Starts only the HTTP server (start() does it too): /healthz answers 200 and /readyz 503 until started. */
  public synchronized void serveHttp() throws IOException {
    if (http == null) http = HealthServer.start(config.httpPort(), this::liveness, this::readiness, metrics::scrape);
  }

  /**
   * Graceful stop: no new reconciliations, running ones get up to 10 s (OperatorFactory's
   * termination timeout), then the Lease is released. The HTTP server keeps answering (503).
   */
  public synchronized void stop() {
    if (state != State.RUNNING && state != State.STARTING) return;
    state = State.STOPPING;
    long begin = System.nanoTime();
    log.info("stopping");
    try {
      operator.stop();
    } catch (RuntimeException e) {
      log.warn("the operator did not stop cleanly: {}", e.toString());
    }
    sessions.close(); // the PostgreSQL sessions kept idle between reconciles
    if (config.leaderElection()) {
      LeaseRelease.release(client, config.leaderElectionNamespace(), OperatorConfig.LEASE_NAME, config.podName());
    }
    metrics.leader(false);
    state = State.STOPPED;
    log.info("stopped in {} ms", Duration.ofNanos(System.nanoTime() - begin).toMillis());
  }

  /** Stops the operator, then the HTTP server. The Kubernetes client belongs to the caller. */
  @Override
  public synchronized void close() {
    stop();
    if (http != null) http.close();
    metrics.close();
  }

  HealthServer.Check liveness() {
    return switch (state) {
      case NEW, STARTING, RUNNING, STOPPING -> HealthServer.Check.ok();
      case STOPPED -> HealthServer.Check.failing("operator stopped");
      case FAILED -> HealthServer.Check.failing("operator failed to start");
    };
  }

  HealthServer.Check readiness() {
    if (state != State.RUNNING) return HealthServer.Check.failing("not ready: operator " + state.name().toLowerCase());
    RuntimeInfo info = operator.getRuntimeInfo();
    if (!info.isStarted()) return HealthServer.Check.failing("not ready: operator not started");
    if (info.allEventSourcesAreHealthy()) return HealthServer.Check.ok();
    List<String> unhealthy = new ArrayList<>();
    info.unhealthyEventSources().forEach((controller, sources) ->
        sources.forEach((source, health) -> unhealthy.add(controller + "/" + source)));
    return HealthServer.Check.failing("not ready: unhealthy event sources " + String.join(", ", unhealthy));
  }

  public int httpPort() {
    if (http == null) throw new IllegalStateException("not started");
    return http.port();
  }

  /** From start() to ready; null until then. */
  public Duration startupTime() {
    return startupTime;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** What the reconciler was given; its Aiven config carries the metrics' CallObserver. */
  public ReconcilerSettings reconcilerSettings() {
    return reconcilerSettings;
  }

  /** The listener the SQL gateway reports applied statements to. */
  public PgSessionOpener.StatementListener statementListener() {
    return statementListener;
  }

  public Operator operator() {
    return operator;
  }

  private LeaderElectionConfiguration leaderElection() {
    RuntimeOptions.LeaseTiming timing = options.leaseTiming();
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
        .withLeaseNamespace(config.leaderElectionNamespace())
        .withIdentity(config.podName())
        .withLeaseDuration(timing.leaseDuration())
        .withRenewDeadline(timing.renewDeadline())
        .withRetryPeriod(timing.retryPeriod())
        // JOSDK would System.exit() here, also on a graceful stop; we decide ourselves.
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, leader -> {}))
        .build();
  }

  private void startedLeading() {
    metrics.leader(true);
    log.info("this replica ({}) is the leader now; reconciling", config.podName());
  }

  private void stoppedLeading() {
    metrics.leader(false);
    if (state == State.STOPPING || state == State.STOPPED) return;
    log.warn("this replica ({}) lost the leader Lease", config.podName());
    options.onLeadershipLost().run();
  }
}
