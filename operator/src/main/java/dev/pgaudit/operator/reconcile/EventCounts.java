package dev.pgaudit.operator.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The count of each Event this process wrote, by name, so a repeat is one PATCH (count + 1) and
 * not a GET and an update. Bounded: the least recently used names go first; a forgotten Event is
 * found again through the 409 its create gets.
 */
public final class EventCounts {
  static final int MAX_ENTRIES = 4096;

  private final Map<String, Integer> counts = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  synchronized Integer get(String name) {
    return counts.get(name);
  }

  synchronized void put(String name, int count) {
    counts.put(name, count);
  }

  synchronized void remove(String name) {
    counts.remove(name);
  }
}
