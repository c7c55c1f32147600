package dev.pgaudit.operator.plan;

import java.util.Comparator;

/**
 * Identity and age of a policy. Older wins a conflict: creationTimestamp (RFC 3339, so it sorts
 * as text), then namespace/name.
 */
public record PolicyRef(String namespace, String name, String creationTimestamp) {

  public static final Comparator<PolicyRef> OLDEST_FIRST =
      Comparator.comparing(PolicyRef::creationTimestamp, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(PolicyRef::namespace)
          .thenComparing(PolicyRef::name);

  @Override
  public String toString() { return namespace + "/" + name; }
}
