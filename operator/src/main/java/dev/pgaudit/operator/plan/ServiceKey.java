package dev.pgaudit.operator.plan;

/** One Aiven service: the unit that policies share. */
public record ServiceKey(String project, String service) {
  @Override
  public String toString() { return project + "/" + service; }
}
