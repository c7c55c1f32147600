package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/**
 * DryRun: the whole plan in a few numbers, so status stays small however big the plan is
 * (a DatabaseRole policy at the CRD's maximum can plan 100 × 100 targets × 11 settings).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanSummary {
  @JsonPropertyDescription("How many changes Enforce would make in all.")
  private Integer changes;

  @JsonPropertyDescription("How many of them status.plan lists (the first ones, in plan order).")
  private Integer shown;

  @JsonPropertyDescription("True when status.plan lists only part of the plan; the operator logs the whole plan at DEBUG.")
  private Boolean truncated;

  @JsonPropertyDescription("Changes per layer: service, sql, sink.")
  private Map<String, Integer> byLayer;

  @JsonPropertyDescription("sha256 of the whole plan (one line per change: target, setting, from, to): changes when the plan does.")
  private String digest;

  public PlanSummary() {}

  public PlanSummary(int changes, int shown, Map<String, Integer> byLayer, String digest) {
    this.changes = changes;
    this.shown = shown;
    this.truncated = shown < changes;
    this.byLayer = byLayer;
    this.digest = digest;
  }

  public Integer getChanges() { return changes; }
  public void setChanges(Integer changes) { this.changes = changes; }
  public Integer getShown() { return shown; }
  public void setShown(Integer shown) { this.shown = shown; }
  public Boolean getTruncated() { return truncated; }
  public void setTruncated(Boolean truncated) { this.truncated = truncated; }
  public Map<String, Integer> getByLayer() { return byLayer; }
  public void setByLayer(Map<String, Integer> byLayer) { this.byLayer = byLayer; }
  public String getDigest() { return digest; }
  public void setDigest(String digest) { this.digest = digest; }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanSummary p && Objects.equals(changes, p.changes) && Objects.equals(shown, p.shown)
        && Objects.equals(truncated, p.truncated) && Objects.equals(byLayer, p.byLayer) && Objects.equals(digest, p.digest);
  }

  @Override
  public int hashCode() { return Objects.hash(changes, shown, truncated, byLayer, digest); }
}
