package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.CoverageStatus;

/** Told each policy's coverage after each reconcile (metrics), and when a policy is gone. */
public interface CoverageListener {
  CoverageListener NONE = new CoverageListener() {
    @Override
    public void coverage(String namespace, String name, CoverageStatus coverage) {}

    @Override
    public void forget(String namespace, String name) {}
  };

  /** @param coverage null when not known (DryRun, not yet applied, nothing read) */
  void coverage(String namespace, String name, CoverageStatus coverage);

  void forget(String namespace, String name);
}
