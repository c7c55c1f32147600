package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PlanSummary;
import dev.pgaudit.operator.api.PlannedChange;
import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.plan.Layer;
import dev.pgaudit.operator.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DryRun plan as status shows it: the first {@link #MAX_SHOWN} lines and a summary of all of
 * them. A DatabaseRole policy at the CRD's maximum plans up to 100 × 100 × 11 lines (about 1 MB
 * per setting as JSON); etcd refuses an object over 1.5 MiB, so status never carries the whole plan.
 */
record PlanReport(List<PlannedChange> shown, PlanSummary summary, List<PlannedChange> all) {
  static final int MAX_SHOWN = 50;

  static PlanReport of(Plan plan) {
    return of(plan, MAX_SHOWN);
  }

  static PlanReport of(Plan plan, int maxShown) {
    Map<String, Integer> byLayer = new LinkedHashMap<>();
    for (Layer layer : Layer.values()) if (layer != Layer.DASHBOARDS) byLayer.put(layerName(layer), 0);
    List<PlannedChange> all = new ArrayList<>();
    for (Change change : plan.changes()) {
      List<PlannedChange> lines = change.lines();
      byLayer.merge(layerName(change.layer()), lines.size(), Integer::sum);
      all.addAll(lines);
    }
    int shown = Math.min(maxShown, all.size());
    return new PlanReport(List.copyOf(all.subList(0, shown)),
        new PlanSummary(all.size(), shown, byLayer, digest(all)), all);
  }

  /** The same plan with fewer lines shown (to fit a size budget). */
  PlanReport showing(int n) {
    int shown = Math.min(n, all.size());
    return new PlanReport(List.copyOf(all.subList(0, shown)),
        new PlanSummary(all.size(), shown, summary.getByLayer(), summary.getDigest()), all);
  }

  boolean truncated() {
    return shown.size() < all.size();
  }

  /** sha256 over one line per change (target, setting, from, to, tab-separated): equal plans, equal digests. */
  static String digest(List<PlannedChange> lines) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (PlannedChange line : lines) {
        sha.update((line.getTarget() + "\t" + line.getSetting() + "\t" + line.getFrom() + "\t" + line.getTo() + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String layerName(Layer layer) {
    return layer.name().toLowerCase(Locale.ROOT);
  }
}
