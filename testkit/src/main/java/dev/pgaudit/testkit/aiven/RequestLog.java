package dev.pgaudit.testkit.aiven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request the simulator received, in arrival order, with its path template and final
 * status (0 while still being answered, e.g. during a hang). Counting happens on arrival, so a
 * test can assert exact counts as soon as its client call returns.
 */
public final class RequestLog {

  /**
   * One request: method, template (e.g. /project/{project}/service/{service}), raw path, status, and
   * whether it asked for secrets (include_secrets=true).
   */
  public record Entry(long sequence, String method, String pathTemplate, String path, int status, boolean withSecrets) {
    public String key() { return method + " " + pathTemplate; }
  }

  private final List<Slot> slots = new ArrayList<>();
  private long nextSequence = 1;

  static final class Slot {
    final long sequence;
    final String method;
    final String pathTemplate;
    final String path;
    final boolean withSecrets;
    volatile int status;

    Slot(long sequence, String method, String pathTemplate, String path, boolean withSecrets) {
      this.sequence = sequence;
      this.method = method;
      this.pathTemplate = pathTemplate;
      this.path = path;
      this.withSecrets = withSecrets;
    }

    Entry entry() { return new Entry(sequence, method, pathTemplate, path, status, withSecrets); }
  }

  synchronized Slot arrived(String method, String pathTemplate, String path, boolean withSecrets) {
    Slot slot = new Slot(nextSequence++, method, pathTemplate, path, withSecrets);
    slots.add(slot);
    return slot;
  }

  public synchronized List<Entry> entries() {
    return slots.stream().map(Slot::entry).toList();
  }

  /** Requests with this method and template, e.g. count("GET", "/project/{project}/service/{service}"). */
  public synchronized int count(String method, String pathTemplate) {
    return (int) slots.stream().filter(s -> s.method.equals(method) && s.pathTemplate.equals(pathTemplate)).count();
  }

  /** Requests with this method, template and final status. */
  public synchronized int count(String method, String pathTemplate, int status) {
    return (int) slots.stream()
        .filter(s -> s.method.equals(method) && s.pathTemplate.equals(pathTemplate) && s.status == status)
        .count();
  }

  /** "METHOD template" -> count, in order of first appearance. */
  public synchronized Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Slot s : slots) counts.merge(s.method + " " + s.pathTemplate, 1, Integer::sum);
    return counts;
  }

  public synchronized int total() {
    return slots.size();
  }

  public synchronized void reset() {
    slots.clear();
  }
}
