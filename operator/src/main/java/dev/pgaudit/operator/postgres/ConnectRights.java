package dev.pgaudit.operator.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which login roles may connect to which user database (PostgreSQL's CONNECT privilege, checked at
 * login): every login role may connect to a database whose ACL grants CONNECT to PUBLIC (the
 * default), so only the databases that do not ({@code REVOKE CONNECT ON DATABASE d FROM PUBLIC})
 * are listed, each with the sorted login roles PostgreSQL lets connect (possibly none).
 *
 * <p>Kept small: a database open to all costs nothing, restricted databases with the same roles (a
 * service's databases kept to its own roles) share one list, and equal rights read one after the
 * other share one instance.
 */
public final class ConnectRights {
  /** Every database grants CONNECT to PUBLIC. */
  public static final ConnectRights OPEN = new ConnectRights(Map.of());

  /**
   * The last rights made. Services on one PostgreSQL (the benchmark's 100) or one catalog read
   * again and again yield equal rights: they share one instance instead of one per reading.
   */
  private static final AtomicReference<ConnectRights> LAST = new AtomicReference<>(OPEN);

  private final Map<String, List<String>> restricted;

  private ConnectRights(Map<String, List<String>> restricted) {
    this.restricted = restricted;
  }

  /** @param restricted per database that does not grant CONNECT to PUBLIC, the login roles that may connect */
  public static ConnectRights restricted(Map<String, ? extends Collection<String>> restricted) {
    if (restricted.isEmpty()) return OPEN;
    Map<List<String>, List<String>> alike = new HashMap<>();
    Map<String, List<String>> lists = new HashMap<>();
    restricted.forEach((database, roles) -> {
      List<String> sorted = List.copyOf(new TreeSet<>(roles));
      lists.put(database, alike.computeIfAbsent(sorted, l -> l));
    });
    ConnectRights made = new ConnectRights(Map.copyOf(lists));
    ConnectRights last = LAST.get();
    if (last.equals(made)) return last;
    LAST.set(made);
    return made;
  }

  /** True when every login role may connect to the database. */
  public boolean openToAll(String database) {
    return !restricted.containsKey(database);
  }

  /** True when the role may connect to the database (given both exist). */
  public boolean mayConnect(String database, String role) {
    List<String> roles = restricted.get(database);
    return roles == null || Collections.binarySearch(roles, role) >= 0;
  }

  /** The login roles that may connect to the database, in name order: {@code loginRoles} (sorted) when it is open to all. */
  public List<String> rolesOf(String database, List<String> loginRoles) {
    List<String> roles = restricted.get(database);
    return roles == null ? loginRoles : roles;
  }

  /** The databases (of {@code databases}, in their order) the role may connect to. */
  public List<String> databasesOf(String role, List<String> databases) {
    if (restricted.isEmpty()) return databases;
    List<String> out = new ArrayList<>();
    for (String database : databases) if (mayConnect(database, role)) out.add(database);
    return out;
  }

  /** How many (database, login role) pairs may connect: the sessions coverage is about. */
  public long pairCount(List<String> databases, List<String> loginRoles) {
    long pairs = 0;
    for (String database : databases) pairs += rolesOf(database, loginRoles).size();
    return pairs;
  }

  /** The databases that do not grant CONNECT to PUBLIC, each with the login roles that may connect. */
  public Map<String, List<String>> restricted() {
    return restricted;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectRights other && other.restricted.equals(restricted);
  }

  @Override
  public int hashCode() {
    return restricted.hashCode();
  }

  @Override
  public String toString() {
    return restricted.isEmpty() ? "every database open to all login roles" : "restricted " + restricted;
  }
}
