package dev.pgaudit.operator;

import dev.pgaudit.operator.runtime.ConfigException;
import dev.pgaudit.operator.runtime.LogLevels;
import dev.pgaudit.operator.runtime.OperatorConfig;
import dev.pgaudit.operator.runtime.OperatorRuntime;
import dev.pgaudit.operator.runtime.RuntimeOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: {@code java -jar pgaudit-operator.jar}. Configuration comes from PGAUDIT_*
 * environment variables (see {@link OperatorConfig}); Kubernetes access from the in-cluster
 * service account or the current kubeconfig. SIGTERM stops it gracefully. Exit codes: 2 bad
 * configuration, 1 failed to start or lost leadership.
 */
public final class PgAuditOperatorMain {
  private static final Logger log = LoggerFactory.getLogger(PgAuditOperatorMain.class);

  private PgAuditOperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config;
    RuntimeOptions options;
    try {
      config = OperatorConfig.fromEnvironment();
      options = RuntimeOptions.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      e.problems().forEach(problem -> log.error("configuration: {}", problem));
      System.exit(2);
      return;
    }
    LogLevels.apply(config.logLevel());
    String version = PgAuditOperatorMain.class.getPackage().getImplementationVersion();
    log.info("pgaudit-operator {} starting with {}{}", version == null ? "(development)" : version, config,
        options.serverSideApply() ? "" : " (server-side apply off: " + RuntimeOptions.SERVER_SIDE_APPLY_ENV + "=false)");

    KubernetesClient client;
    OperatorRuntime runtime;
    try {
      client = new KubernetesClientBuilder().build();
      runtime = OperatorRuntime.create(config, client, options);
    } catch (RuntimeException | LinkageError e) {
      log.error("could not set up the Kubernetes client or the operator: {}", e.toString(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean shutdownRequested = new AtomicBoolean(false);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shutdownRequested.set(true);
      log.info("shutdown requested");
      runtime.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));

    try {
      runtime.start();
    } catch (Exception e) {
      if (shutdownRequested.get()) return; // stopped while starting: the shutdown hook does the rest
      log.error("could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    log.info("JVM start to ready: {} ms ({} ms CPU)", ManagementFactory.getRuntimeMXBean().getUptime(), cpuMillis());
    stopped.await();
  }

  /** CPU time of the whole process so far: unlike wall time, it does not depend on what else the machine runs. */
  private static long cpuMillis() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1_000_000 : -1;
  }
}
