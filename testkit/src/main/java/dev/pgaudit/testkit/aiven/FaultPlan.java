package dev.pgaudit.testkit.aiven;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Faults queued for the next requests, optionally only those matching a method and/or path template. */
public final class FaultPlan {
  private final List<Rule> rules = new ArrayList<>();

  private static final class Rule {
    final Fault fault;
    final String method;
    final String pathTemplate;
    final String path;
    int remaining;

    Rule(Fault fault, int times, String method, String pathTemplate, String path) {
      this.fault = fault;
      this.remaining = times;
      this.method = method;
      this.pathTemplate = pathTemplate;
      this.path = path;
    }

    boolean matches(String m, String template, String rawPath) {
      return (method == null || method.equalsIgnoreCase(m)) && (pathTemplate == null || pathTemplate.equals(template))
          && (path == null || path.equals(rawPath));
    }
  }

  /** The next {@code times} requests (of any kind) get {@code fault}. */
  public FaultPlan inject(int times, Fault fault) {
    return inject(times, fault, null, null);
  }

  /** The next {@code times} requests with this method (null: any) and path template (null: any) get {@code fault}. */
  public synchronized FaultPlan inject(int times, Fault fault, String method, String pathTemplate) {
    if (times < 1) throw new IllegalArgumentException("times must be >= 1");
    rules.add(new Rule(fault, times, method, pathTemplate, null));
    return this;
  }

  /**
   * The next {@code times} requests with this method and exactly this path (after the base path,
   * e.g. /project/acme/service/pg-1: one service, not all) get {@code fault}.
   */
  public synchronized FaultPlan injectAt(int times, Fault fault, String method, String path) {
    if (times < 1) throw new IllegalArgumentException("times must be >= 1");
    rules.add(new Rule(fault, times, method, null, path));
    return this;
  }

  /** Faults not yet used up. */
  public synchronized int pending() {
    return rules.stream().mapToInt(r -> r.remaining).sum();
  }

  public synchronized void clear() {
    rules.clear();
  }

  /** The fault for this request, if any; rules are used in the order they were added. */
  synchronized Optional<Fault> take(String method, String pathTemplate, String path) {
    for (Rule rule : rules) {
      if (rule.remaining > 0 && rule.matches(method, pathTemplate, path)) {
        rule.remaining--;
        if (rule.remaining == 0) rules.remove(rule);
        return Optional.of(rule.fault);
      }
    }
    return Optional.empty();
  }
}
