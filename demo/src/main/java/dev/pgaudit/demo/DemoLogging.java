package dev.pgaudit.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Logging for the command line: stdout belongs to the demo's own output, so logs go to stderr,
 * WARN and above only unless --verbose asks for the operator's INFO lines.
 */
final class DemoLogging {
  private DemoLogging() {}

  static void configure(boolean verbose) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(Level.WARN);
    // Warns that pgaudit.dev/v1alpha1 is not a stable version, which the demo knows.
    context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils").setLevel(Level.ERROR);
    // Warns (with a stack trace) at each retry of a failed reconcile, such as the seconds while
    // pgaudit is being enabled, which the demo shows as conditions.
    context.getLogger("io.javaoperatorsdk.operator.processing.event.EventProcessor").setLevel(Level.ERROR);
    if (verbose) {
      context.getLogger("dev.pgaudit").setLevel(Level.INFO);
      context.getLogger("io.javaoperatorsdk").setLevel(Level.INFO);
    }
  }
}
