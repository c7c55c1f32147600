package dev.pgaudit.operator;

import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler;
import dev.pgaudit.operator.reconcile.ReconcilerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Duration;
import java.util.Set;

/** Builds the JOSDK operator with the PgAuditPolicy controller registered; used by main, the demo and tests. */
public final class OperatorFactory {
  private OperatorFactory() {}

  /**
   * @param namespaces watched namespaces; empty = all
   * @param serverSideApply true in production; false against Fabric8's mock API server, which has no SSA
   * @param leaderElection null = no leader election
   * @param metrics null = no metrics
   */
  public record Options(
      Set<String> namespaces,
      Duration resyncPeriod,
      int concurrency,
      boolean serverSideApply,
      LeaderElectionConfiguration leaderElection,
      Metrics metrics) {

    /**
     * The runtime's defaults (all namespaces, a 5-minute resync, 4 reconcile threads, server-side
     * apply) without leader election or metrics: for a program that embeds the operator, such as the demo.
     */
    public static Options defaults() {
      return new Options(Set.of(), Duration.ofMinutes(5), 4, true, null, null);
    }

    /** Off only for an API server without server-side apply, such as Fabric8's mock server. */
    public Options withServerSideApply(boolean ssa) {
      return new Options(namespaces, resyncPeriod, concurrency, ssa, leaderElection, metrics);
    }

    public Options withResyncPeriod(Duration period) {
      return new Options(namespaces, period, concurrency, serverSideApply, leaderElection, metrics);
    }

    public Options withMetrics(Metrics told) {
      return new Options(namespaces, resyncPeriod, concurrency, serverSideApply, leaderElection, told);
    }

    /** @param watched the namespaces to watch; empty = all */
    public Options withNamespaces(Set<String> watched) {
      return new Options(watched, resyncPeriod, concurrency, serverSideApply, leaderElection, metrics);
    }
  }

  public static Operator create(
      KubernetesClient client, ReconcilerSettings settings, PgSessionOpener sessions, Options options) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(options.concurrency())
          .withUseSSAToPatchPrimaryResource(options.serverSideApply())
          .withSSABasedCreateUpdateMatchForDependentResources(options.serverSideApply())
          .withStopOnInformerErrorDuringStartup(true)
          .withReconciliationTerminationTimeout(Duration.ofSeconds(10));
      if (options.leaderElection() != null) o.withLeaderElectionConfiguration(options.leaderElection());
      if (options.metrics() != null) o.withMetrics(options.metrics());
    });
    operator.register(new PgAuditPolicyReconciler(settings, sessions), c -> {
      c.withReconciliationMaxInterval(options.resyncPeriod());
      // A reconcile or cleanup that throws a transient failure is retried by JOSDK, from delays.fast.
      c.withRetry(settings.failureRetry());
      if (options.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(options.namespaces());
      }
    });
    return operator;
  }
}
