package dev.pgaudit.operator.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies PGAUDIT_LOG_LEVEL: the root logger (so the operator's own code) takes it; the libraries
 * take it too but never below their floor, so DEBUG shows our decisions without HTTP wire noise
 * (and Fabric8's request logging, which could show a bearer token, stays off).
 */
public final class LogLevels {
  static final Map<String, Level> LIBRARY_FLOORS = Map.of(
      "io.fabric8", Level.WARN,
      "okhttp3", Level.WARN,
      "io.micrometer", Level.WARN,
      "io.javaoperatorsdk", Level.INFO,
      // Warns at every start that v1alpha1 is not a stable API version: known and by design.
      "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR);

  private LogLevels() {}

  public static void apply(String level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) return; // another SLF4J backend: its own configuration rules
    Level wanted = Level.toLevel(level, Level.INFO);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(wanted);
    LIBRARY_FLOORS.forEach((name, floor) ->
        context.getLogger(name).setLevel(wanted.isGreaterOrEqual(floor) ? wanted : floor));
  }
}
