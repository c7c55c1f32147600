package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** One line of status.plan: what Enforce would change. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedChange {
  private String target;
  private String setting;
  private String from;
  private String to;

  public PlannedChange() {}

  public PlannedChange(String target, String setting, String from, String to) {
    this.target = target;
    this.setting = setting;
    this.from = from;
    this.to = to;
  }

  public String getTarget() { return target; }
  public void setTarget(String target) { this.target = target; }
  public String getSetting() { return setting; }
  public void setSetting(String setting) { this.setting = setting; }
  public String getFrom() { return from; }
  public void setFrom(String from) { this.from = from; }
  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlannedChange p && Objects.equals(target, p.target) && Objects.equals(setting, p.setting)
        && Objects.equals(from, p.from) && Objects.equals(to, p.to);
  }

  @Override
  public int hashCode() { return Objects.hash(target, setting, from, to); }

  @Override
  public String toString() { return target + " " + setting + ": " + from + " -> " + to; }
}
