package dev.pgaudit.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line the operator and its libraries write while open, at production levels
 * or more (the operator's own loggers at DEBUG, JOSDK at INFO), with the messages of attached
 * exceptions and their causes, so a secret cannot hide in a stack trace either.
 */
final class LogCapture implements AutoCloseable {
  private static final Map<String, Level> LEVELS = Map.of("dev.pgaudit", Level.DEBUG, "io.javaoperatorsdk", Level.INFO);

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Map<String, Level> previous = new LinkedHashMap<>();

  LogCapture() {
    LEVELS.forEach((name, level) -> {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      previous.put(name, logger.getLevel());
      logger.setLevel(level);
    });
    appender.start();
    root.addAppender(appender);
  }

  /** Each captured event as one text: level, logger, formatted message, then every exception message in the chain. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    synchronized (appender) {
      for (ILoggingEvent event : List.copyOf(appender.list)) {
        StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(text.toString());
      }
    }
    return lines;
  }

  /** The number of lines captured so far, to read only later ones with {@link #linesSince}. */
  int mark() {
    synchronized (appender) {
      return appender.list.size();
    }
  }

  List<String> linesSince(int mark) {
    List<String> all = lines();
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    previous.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
  }
}
