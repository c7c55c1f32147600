package dev.pgaudit.operator.runtime;

import java.util.List;

/** One or more environment variables have values the operator cannot use; the message lists them all. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
