package dev.pgaudit.operator.runtime;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the process decides but tests must change: server-side apply (Fabric8's mock API server has
 * none), the Lease timings, and what happens when leadership is lost while running (production:
 * exit, so that Kubernetes restarts the Pod as a standby and two replicas never reconcile at once).
 */
public record RuntimeOptions(boolean serverSideApply, LeaseTiming leaseTiming, Runnable onLeadershipLost) {
  /**
   * Not part of the Helm chart's contract: only for API servers without server-side apply, such as
   * Fabric8's mock server that the benchmark runs the real operator process against.
   */
  public static final String SERVER_SIDE_APPLY_ENV = "PGAUDIT_SERVER_SIDE_APPLY";

  public record LeaseTiming(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    /** JOSDK's (and client-go's) defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
    public static LeaseTiming defaults() {
      return new LeaseTiming(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE, LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE);
    }
  }

  /** Production's answer to a lost Lease: exit, so that Kubernetes restarts the Pod as a standby. */
  public static final Runnable EXIT_ON_LOST_LEADERSHIP = RuntimeOptions::exitProcess;

  public static RuntimeOptions production() {
    return new RuntimeOptions(true, LeaseTiming.defaults(), EXIT_ON_LOST_LEADERSHIP);
  }

  /**
   * {@link #production()}, with server-side apply off when {@value #SERVER_SIDE_APPLY_ENV} is
   * {@code false} (default {@code true}).
   *
   * @throws ConfigException when the variable is neither true nor false
   */
  public static RuntimeOptions fromEnvironment(Map<String, String> env) {
    String value = env.get(SERVER_SIDE_APPLY_ENV);
    if (value == null || value.isBlank()) return production();
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> production();
      case "false" -> production().withServerSideApply(false);
      default -> throw new ConfigException(List.of(SERVER_SIDE_APPLY_ENV + ": expected true or false, got '" + value + "'"));
    };
  }

  public RuntimeOptions withServerSideApply(boolean ssa) {
    return new RuntimeOptions(ssa, leaseTiming, onLeadershipLost);
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
