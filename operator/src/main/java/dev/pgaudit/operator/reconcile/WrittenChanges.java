package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run wrote, as told by the {@link Applier}: passed on to {@code told} (the Events, which
 * cap what they say) and kept whole, so the coverage notices can wake exactly the peers the writes
 * reached.
 */
final class WrittenChanges implements Applier.Listener {
  private final Applier.Listener told;
  private final List<Change> changes = new ArrayList<>();

  WrittenChanges(Applier.Listener told) {
    this.told = told;
  }

  @Override
  public void applied(Change change) {
    changes.add(change);
    told.applied(change);
  }

  @Override
  public void done() {
    told.done();
  }

  List<Change> changes() {
    return changes;
  }
}
