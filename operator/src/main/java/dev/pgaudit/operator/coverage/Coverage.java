package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.ConnectRights;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingValues;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Effective coverage of one policy: for every (database, login role) pair its scope covers, the
 * value each setting it manages really takes in a new session ({@link Precedence}), computed from
 * one observation of the service (no query per pair). Where a value differs from the policy, the
 * pair is shadowed by the more specific setting that wins: another policy's (the ownership knows
 * who holds it) or one made outside the operator.
 *
 * <p>Scopes: Service covers every user database × every login role; Database its databases × every
 * login role; Role its login roles × every database; DatabaseRole its pairs. In each, only the pairs
 * whose role may connect to the database (the CONNECT privilege, checked at login; see {@link
 * ConnectRights}): another pair has no session, so nothing there can be unaudited. Names that do not
 * exist (or roles that cannot log in) cover nothing.
 */
public final class Coverage {
  /**
   * At most this many pairs are examined per report. Beyond it coverage is reported unknown with the
   * count. A report lists every pair it covers (the examples, the old-session count and the proof
   * read them), about 130 bytes and a few hundred nanoseconds each: 20,000 pairs are ~2.6 MB and a
   * few milliseconds per reconcile; a Service-scope policy on 300 databases x 600 login roles that
   * may all connect everywhere would be 180,000 pairs, ~24 MB on each of the concurrent reconciles
   * (the benchmark's one PostgreSQL stands for 100 services, each keeping its databases to its own
   * roles: 3,300 pairs). Sharing the precedence per observed state
   * ({@link ServiceCoverage}) does not change that per-report size, so the bound stays.
   */
  public static final int MAX_PAIRS = 20_000;

  private Coverage() {}

  /** One policy's coverage on its own; policies of a service share one {@link ServiceCoverage} instead. */
  public static CoverageReport of(PolicyIntent intent, Observed observed, Ownership ownership) {
    return ServiceCoverage.of(observed).report(intent, ownership);
  }

  /** The setting values the policy manages, as the text pgaudit takes (the same on every target). */
  static Map<PgAuditSetting, String> wanted(PolicyIntent intent) {
    Map<PgAuditSetting, String> wanted = new EnumMap<>(PgAuditSetting.class);
    intent.wants().forEach((slot, value) -> {
      if (slot instanceof Slot.Sql s) wanted.put(s.pgSetting(), String.valueOf(value));
      if (slot instanceof Slot.AivenKey k) {
        PgAuditSetting setting = PgAuditSetting.fromGuc(k.setting());
        // Aiven-only keys (log_max_string_length, ...) have no SQL-level counterpart to be shadowed by.
        if (setting != null) wanted.put(setting, Precedence.text(value));
      }
    });
    return wanted;
  }

  /**
   * An upper bound of the pairs {@link #pairsOf} would list, without listing them.
   *
   * @param allPairs the pairs of the whole catalog ({@link ConnectRights#pairCount}), worked out once per state
   */
  static long pairBound(PolicyIntent intent, List<String> databases, List<String> loginRoles, ConnectRights connect,
      long allPairs) {
    Set<SqlTarget> targets = new HashSet<>();
    for (Slot slot : intent.wants().keySet()) {
      if (slot instanceof Slot.AivenKey) return allPairs;
      if (slot instanceof Slot.Sql s) targets.add(s.sqlTarget());
    }
    long bound = 0;
    for (SqlTarget target : targets) {
      if (target instanceof SqlTarget.Database d) {
        bound += connect.rolesOf(d.database(), loginRoles).size();
      } else if (target instanceof SqlTarget.Role r) {
        bound += connect.databasesOf(r.role(), databases).size();
      } else {
        bound++;
      }
    }
    return Math.min(bound, allPairs);
  }

  /**
   * Every pair the scope covers, in pair order, with the policy's own slot target for it (null: the
   * service). A pair is a login role that may connect to a user database ({@link ConnectRights}):
   * another has no session to audit. {@code databases} and {@code loginRoles} are sorted, and so
   * are the roles that may connect to a restricted database: each target's pairs come out in
   * order, so only a policy with several targets sorts (merging its runs); and a name is looked up
   * by binary search, so no set of the catalog is kept per service (the benchmark's 100 services of
   * 900 names each held 3.5 MB of sets).
   */
  static List<Map.Entry<Pair, SqlTarget>> pairsOf(PolicyIntent intent, List<String> databases, List<String> loginRoles,
      ConnectRights connect) {
    List<Map.Entry<Pair, SqlTarget>> pairs = new ArrayList<>();
    if (intent.wants().keySet().stream().anyMatch(slot -> slot instanceof Slot.AivenKey)) {
      // The service's value is under every pair: the policy covers them all, its SQL targets included.
      databases.forEach(d -> connect.rolesOf(d, loginRoles)
          .forEach(r -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(new Pair(d, r), null))));
      return pairs;
    }
    Set<SqlTarget> targets = new LinkedHashSet<>();
    intent.wants().keySet().forEach(slot -> {
      if (slot instanceof Slot.Sql s) targets.add(s.sqlTarget());
    });
    // The first target (in the policy's slot order) that covers a pair is its own target there.
    Map<Pair, SqlTarget> own = new LinkedHashMap<>();
    int runs = 0;
    for (SqlTarget target : targets) {
      int before = own.size();
      if (target instanceof SqlTarget.Database d && contains(databases, d.database())) {
        connect.rolesOf(d.database(), loginRoles).forEach(r -> own.putIfAbsent(new Pair(d.database(), r), target));
      } else if (target instanceof SqlTarget.Role r && contains(loginRoles, r.role())) {
        connect.databasesOf(r.role(), databases).forEach(d -> own.putIfAbsent(new Pair(d, r.role()), target));
      } else if (target instanceof SqlTarget.RoleInDatabase rd && contains(loginRoles, rd.role())
          && contains(databases, rd.database()) && connect.mayConnect(rd.database(), rd.role())) {
        own.putIfAbsent(new Pair(rd.database(), rd.role()), target);
      }
      if (own.size() > before) runs++;
    }
    own.forEach((pair, target) -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(pair, target)));
    if (runs > 1) pairs.sort(Map.Entry.comparingByKey(Pair.ORDER));
    return pairs;
  }

  /** True when the sorted (natural order) list holds the name. */
  private static boolean contains(List<String> sortedNames, String name) {
    return Collections.binarySearch(sortedNames, name) >= 0;
  }

  /**
   * How a pair with these values is audited for the policy. The same values (shared {@link
   * Precedence.Effective} instances) and the same own target rank give the same verdict, so a
   * report works each combination out once and its pairs share it.
   */
  record Verdict(PairCoverage.Cause cause, Map<PgAuditSetting, Precedence.Effective> effective,
      PgAuditSetting setting, List<PolicyRef> by) {
    PairCoverage of(Pair pair) {
      return new PairCoverage(pair, cause, effective, setting, by);
    }
  }

  static Verdict verdict(SqlTarget own, Map<PgAuditSetting, Precedence.Effective> values,
      Map<PgAuditSetting, String> wanted, Ownership ownership, PolicyRef self) {
    Map<PgAuditSetting, Precedence.Effective> effective = Map.copyOf(values);
    for (var want : wanted.entrySet()) {
      Precedence.Effective got = effective.get(want.getKey());
      if (SettingValues.sameMeaning(want.getKey(), got.value(), want.getValue())) continue;
      if (rank(got.source()) <= rank(own)) {
        return new Verdict(PairCoverage.Cause.NOT_IN_PLACE, effective, want.getKey(), List.of());
      }
      List<PolicyRef> holders = ownership.holders(got.source()).stream().filter(h -> !h.equals(self)).toList();
      return new Verdict(holders.isEmpty() ? PairCoverage.Cause.SHADOWED_OUTSIDE
          : PairCoverage.Cause.SHADOWED_BY_POLICY, effective, want.getKey(), holders);
    }
    return new Verdict(PairCoverage.Cause.COVERED, effective, null, List.of());
  }

  /** The rank of a policy's own target for a pair (null: the service), as {@link #verdict} compares it. */
  static int ownRank(SqlTarget own) {
    return rank(own);
  }

  /**
   * True when a write to {@code written} may change what the policy's pairs get: the target reaches
   * one of them (a service-level value reaches every pair, so a policy with service keys always).
   */
  public static boolean reaches(PolicyIntent intent, SqlTarget written) {
    for (Slot slot : intent.wants().keySet()) {
      if (slot instanceof Slot.AivenKey || slot instanceof Slot.Sql s && overlap(written, s.sqlTarget())) return true;
    }
    return false;
  }

  /** Some pair is reached by both targets: their databases and their roles agree where both name one. */
  private static boolean overlap(SqlTarget a, SqlTarget b) {
    return agree(databaseOf(a), databaseOf(b)) && agree(roleOf(a), roleOf(b));
  }

  private static boolean agree(String a, String b) {
    return a == null || b == null || a.equals(b);
  }

  private static String databaseOf(SqlTarget t) {
    return t instanceof SqlTarget.Database d ? d.database() : t instanceof SqlTarget.RoleInDatabase rd ? rd.database() : null;
  }

  private static String roleOf(SqlTarget t) {
    return t instanceof SqlTarget.Role r ? r.role() : t instanceof SqlTarget.RoleInDatabase rd ? rd.role() : null;
  }

  /** How specific a source is: role in database 3, role 2, database 1, service 0, default -1. */
  private static int rank(Slot source) {
    if (source == null) return -1;
    if (source instanceof Slot.Sql s) return rank(s.sqlTarget());
    return 0;
  }

  private static int rank(SqlTarget target) {
    if (target == null) return 0;
    if (target instanceof SqlTarget.RoleInDatabase) return 3;
    if (target instanceof SqlTarget.Role) return 2;
    return 1;
  }
}
