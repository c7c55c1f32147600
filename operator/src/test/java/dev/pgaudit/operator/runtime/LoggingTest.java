package dev.pgaudit.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private final LoggerContext shared = (LoggerContext) LoggerFactory.getILoggerFactory();

  @AfterEach
  void restoreLevels() {
    LogLevels.apply("INFO");
  }

  @Test
  void eachEventIsOneLineWithTimestampLevelShortLoggerAndMessage() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    // Before configuring: the console appender takes System.out when it starts.
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LoggingTest.class.getResource("/logback.xml"));
      Logger log = context.getLogger("dev.pgaudit.operator.reconcile.PgAuditPolicyReconciler");
      log.info("team-a/orders Ready=True Reconciled: all set");
      log.warn("team-a/orders a message\nover two lines", new IllegalStateException("boom\nagain"));
    } finally {
      System.setOut(original);
      context.stop();
    }

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  PgAuditPolicyReconciler - team-a/orders Ready=True Reconciled: all set");
    assertThat(lines.get(1))
        .contains("WARN  PgAuditPolicyReconciler - team-a/orders a message | over two lines"
            + " | java.lang.IllegalStateException: boom | again | at ")
        .contains("| at dev.pgaudit.operator.runtime.LoggingTest");
  }

  @Test
  void theLogLevelAppliesToTheRootAndLibrariesKeepTheirFloor() {
    LogLevels.apply("DEBUG");
    assertThat(shared.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(shared.getLogger("dev.pgaudit.operator.reconcile.X").isDebugEnabled()).isTrue();
    assertThat(shared.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor").isDebugEnabled()).isFalse();
    assertThat(shared.getLogger("okhttp3.OkHttpClient").isInfoEnabled()).isFalse();
    assertThat(shared.getLogger("io.javaoperatorsdk.operator.Operator").isInfoEnabled()).isTrue();

    LogLevels.apply("ERROR");
    assertThat(shared.getLogger("dev.pgaudit.operator.X").isWarnEnabled()).isFalse();
    assertThat(shared.getLogger("io.fabric8.kubernetes").isWarnEnabled()).isFalse();
    assertThat(shared.getLogger("io.javaoperatorsdk.operator.Operator").isInfoEnabled()).isFalse();
  }
}
