package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Change;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run wrote, as told by the {@link Applier}: passed on to {@code told} (the Events) and
 * kept, so the coverage notices can wake exactly the peers the writes reached. Beyond
 * {@link Applier#MAX_TOLD} the changes arrive as a count only; then {@link #omitted()} says the
 * list is not the whole of it.
 */
final class WrittenChanges implements Applier.Listener {
  private final Applier.Listener told;
  private final List<Change> changes = new ArrayList<>();
  private boolean omitted;

  WrittenChanges(Applier.Listener told) {
    this.told = told;
  }

  @Override
  public void applied(Change change) {
    changes.add(change);
    told.applied(change);
  }

  @Override
  public void omitted(int count) {
    omitted = true;
    told.omitted(count);
  }

  List<Change> changes() {
    return changes;
  }

  boolean omitted() {
    return omitted;
  }
}
