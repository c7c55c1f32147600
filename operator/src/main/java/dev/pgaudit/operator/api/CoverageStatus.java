package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** Effective coverage in short: counts of (database, login role) pairs by how they are really audited, a few examples. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CoverageStatus {
  @JsonPropertyDescription("Pairs audited as the policy says, of all it covers, e.g. 9/12 (for kubectl get).")
  private String summary;

  @JsonPropertyDescription("(database, login role) pairs the policy covers: those whose role may connect to the database.")
  private Integer pairs;

  @JsonPropertyDescription("Pairs where every setting the policy manages is in force.")
  private Integer covered;

  @JsonPropertyDescription("Pairs where a more specific setting of another policy wins.")
  private Integer shadowedByPolicy;

  @JsonPropertyDescription("Pairs where a more specific setting made outside the operator wins.")
  private Integer shadowedOutside;

  @JsonPropertyDescription("Pairs where the policy's own setting is not in place.")
  private Integer notInPlace;

  @JsonPropertyDescription("The first few pairs not audited as the policy says, with the winning value and its source.")
  private List<String> examples;

  @JsonPropertyDescription("Sessions of covered pairs started before the operator's last database/role write and still running"
      + " with the old settings: a number, or unknown when the connecting role cannot see other roles' sessions.")
  private String oldSessions;

  @JsonPropertyDescription("When the write oldSessions counts from was made.")
  private String oldSessionsSince;

  public String getSummary() { return summary; }
  public void setSummary(String summary) { this.summary = summary; }
  public Integer getPairs() { return pairs; }
  public void setPairs(Integer pairs) { this.pairs = pairs; }
  public Integer getCovered() { return covered; }
  public void setCovered(Integer covered) { this.covered = covered; }
  public Integer getShadowedByPolicy() { return shadowedByPolicy; }
  public void setShadowedByPolicy(Integer shadowedByPolicy) { this.shadowedByPolicy = shadowedByPolicy; }
  public Integer getShadowedOutside() { return shadowedOutside; }
  public void setShadowedOutside(Integer shadowedOutside) { this.shadowedOutside = shadowedOutside; }
  public Integer getNotInPlace() { return notInPlace; }
  public void setNotInPlace(Integer notInPlace) { this.notInPlace = notInPlace; }
  public List<String> getExamples() { return examples; }
  public void setExamples(List<String> examples) { this.examples = examples; }
  public String getOldSessions() { return oldSessions; }
  public void setOldSessions(String oldSessions) { this.oldSessions = oldSessions; }
  public String getOldSessionsSince() { return oldSessionsSince; }
  public void setOldSessionsSince(String oldSessionsSince) { this.oldSessionsSince = oldSessionsSince; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof CoverageStatus other)) return false;
    return Objects.equals(summary, other.summary) && Objects.equals(pairs, other.pairs)
        && Objects.equals(covered, other.covered) && Objects.equals(shadowedByPolicy, other.shadowedByPolicy)
        && Objects.equals(shadowedOutside, other.shadowedOutside) && Objects.equals(notInPlace, other.notInPlace)
        && Objects.equals(examples, other.examples) && Objects.equals(oldSessions, other.oldSessions)
        && Objects.equals(oldSessionsSince, other.oldSessionsSince);
  }

  @Override
  public int hashCode() {
    return Objects.hash(summary, pairs, covered, shadowedByPolicy, shadowedOutside, notInPlace, examples, oldSessions,
        oldSessionsSince);
  }
}
