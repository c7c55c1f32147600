package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Planner;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.plan.Values;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scenario leaves behind, read from the real systems: pgaudit settings on SQL targets,
 * service keys whose meaning differs from a snapshot (an absent key means Aiven's default), and
 * logs integrations of a service.
 */
final class Leftovers {
  private final OperatorTestEnv env;

  Leftovers(OperatorTestEnv env) {
    this.env = env;
  }

  /** A SQL target as (database, role); either may be null as in {@link OperatorTestEnv#stored}. */
  record Target(String database, String role) {}

  static Target db(String database) { return new Target(database, null); }

  static Target role(String role) { return new Target(null, role); }

  static Target roleIn(String role, String database) { return new Target(database, role); }

  /** The pgaudit.* settings stored on these targets, by target. */
  Map<Target, Map<String, String>> sql(Target... targets) {
    Map<Target, Map<String, String>> found = new LinkedHashMap<>();
    for (Target t : targets) {
      Map<String, String> pgaudit = new TreeMap<>();
      env.stored(t.database(), t.role()).forEach((k, v) -> {
        if (k.startsWith("pgaudit.")) pgaudit.put(k, v);
      });
      if (!pgaudit.isEmpty()) found.put(t, pgaudit);
    }
    return found;
  }

  int sqlCount(Target... targets) {
    return sql(targets).values().stream().mapToInt(Map::size).sum();
  }

  /** user_config.pgaudit with Aiven's defaults (and feature_enabled=false) where a key is absent. */
  Map<String, Object> service(String service) {
    Map<String, Object> effective = new TreeMap<>(Planner.AIVEN_DEFAULTS);
    effective.put("feature_enabled", false);
    effective.putAll(env.pgaudit(service));
    return effective;
  }

  /** The keys whose meaning differs between a snapshot and now. */
  Map<String, Object> serviceDiff(Map<String, Object> before, String service) {
    Map<String, Object> now = service(service);
    Map<String, Object> diff = new TreeMap<>();
    now.forEach((k, v) -> {
      Object old = before.get(k);
      boolean same = old == null ? v == null : Values.same(new Slot.AivenKey(k), old, v);
      if (!same) diff.put(k, before.get(k) + " -> " + v);
    });
    return diff;
  }

  List<IntegrationSnapshot> integrations(String service) {
    return env.aiven.integrations(OperatorTestEnv.PROJECT).stream()
        .filter(i -> service.equals(i.sourceService()) && "logs".equals(i.type())).toList();
  }
}
