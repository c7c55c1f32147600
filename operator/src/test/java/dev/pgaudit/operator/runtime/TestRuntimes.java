package dev.pgaudit.operator.runtime;

import dev.pgaudit.testkit.rbac.ChartRbac;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configurations for runtimes against the mock API server: loopback only, any free port. */
final class TestRuntimes {
  /** The chart's release namespace, where its Role grants the Lease rights. */
  static final String LEASE_NAMESPACE = ChartRbac.NAMESPACE;
  /**
   * Fast enough for tests, still renew deadline < lease duration as Fabric8 requires. The renew
   * deadline leaves room for a loaded machine: a leader that misses it loses the Lease for real.
   */
  static final RuntimeOptions.LeaseTiming FAST_LEASE =
      new RuntimeOptions.LeaseTiming(Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofMillis(200));
  static final OperatorConfig.Host HOST = new OperatorConfig.Host() {
    @Override public Optional<String> serviceAccountNamespace() { return Optional.empty(); }
    @Override public String hostname() { return "test-host"; }
  };

  private TestRuntimes() {}

  /** For Fabric8's mock API server: no server-side apply; the given lost-leadership action instead of exiting. */
  static RuntimeOptions forMockServer(Runnable onLeadershipLost) {
    return new RuntimeOptions(false, RuntimeOptions.LeaseTiming.defaults(), onLeadershipLost);
  }

  static OperatorConfig config(String podName, boolean leaderElection) {
    return config(podName, leaderElection, List.of());
  }

  /** As the chart configures the operator whose RBAC {@code chart} renders: the same watched namespaces. */
  static OperatorConfig config(String podName, boolean leaderElection, ChartRbac chart) {
    return config(podName, leaderElection, chart.watchNamespaces());
  }

  private static OperatorConfig config(String podName, boolean leaderElection, List<String> watchNamespaces) {
    Map<String, String> env = new HashMap<>();
    env.put("PGAUDIT_WATCH_NAMESPACES", String.join(",", watchNamespaces));
    // Port 9 on loopback (discard): whatever the reconciler tries, nothing leaves the machine.
    env.put("PGAUDIT_AIVEN_API_URL", "http://127.0.0.1:9/v1");
    env.put("PGAUDIT_LEADER_ELECTION", Boolean.toString(leaderElection));
    env.put("PGAUDIT_LEADER_ELECTION_NAMESPACE", LEASE_NAMESPACE);
    env.put("POD_NAME", podName);
    return OperatorConfig.parse(env, HOST).withHttpPort(0);
  }
}
