package dev.pgaudit.testkit.rbac;

import java.util.List;

/** Who sends a request, as the API server's authenticator hands it to RBAC: a user name and its groups. */
public record Identity(String user, List<String> groups) {
  public Identity {
    groups = List.copyOf(groups);
  }

  /** A ServiceAccount's token identity, with the groups Kubernetes gives every ServiceAccount. */
  public static Identity serviceAccount(String namespace, String name) {
    return new Identity("system:serviceaccount:" + namespace + ":" + name,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
  }

  @Override
  public String toString() {
    return user;
  }
}
