package dev.pgaudit.operator.runtime;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process decides but tests must change: server-side apply (Fabric8's mock API server has
 * none), the Lease timings, and what happens when leadership is lost while running (production:
 * exit, so that Kubernetes restarts the Pod as a standby and two replicas never reconcile at once).
 */
public record RuntimeOptions(boolean serverSideApply, LeaseTiming leaseTiming, Runnable onLeadershipLost) {

  public record LeaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** JOSDK's (and client-go's) defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
    public static LeaseTiming defaults() {
      return new LeaseTiming(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE, LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE);
    }
  }

  public static RuntimeOptions production() {
    return new RuntimeOptions(true, LeaseTiming.defaults(), RuntimeOptions::exitProcess);
  }

  /** For Fabric8's mock API server: no server-side apply; the given lost-leadership action instead of exiting. */
  public static RuntimeOptions forMockServer(Runnable onLeadershipLost) {
    return new RuntimeOptions(false, LeaseTiming.defaults(), onLeadershipLost);
  }

  public RuntimeOptions withLeaseTiming(LeaseTiming timing) {
    return new RuntimeOptions(serverSideApply, timing, onLeadershipLost);
  }

  private static void exitProcess() {
    Logger log = LoggerFactory.getLogger(RuntimeOptions.class);
    log.error("lost the leader Lease while running; exiting so that no two replicas reconcile at once");
    // Not on the calling thread: System.exit blocks until the shutdown hook has stopped the operator,
    // and that waits for the very executor this callback runs on.
    new Thread(() -> System.exit(1), "exit-on-lost-leadership").start();
  }
}
