package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.api.PlannedChange;
import java.util.List;

/** The ordered writes that take the real state to the desired one; empty when nothing differs. */
public record Plan(List<Change> changes) {
  public static final Plan NONE = new Plan(List.of());

  public Plan {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() { return changes.isEmpty(); }

  public List<PlannedChange> lines() {
    return changes.stream().flatMap(c -> c.lines().stream()).toList();
  }
}
