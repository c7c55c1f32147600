package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingValues;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Effective coverage of one policy: for every (database, login role) pair its scope covers, the
 * value each setting it manages really takes in a new session ({@link Precedence}), computed from
 * one observation of the service (no query per pair). Where a value differs from the policy, the
 * pair is shadowed by the more specific setting that wins: another policy's (the ownership knows
 * who holds it) or one made outside the operator.
 *
 * <p>Scopes: Service covers every user database × every login role; Database its databases × every
 * login role; Role its login roles × every database; DatabaseRole its pairs. Names that do not exist
 * (or roles that cannot log in) cover nothing.
 */
public final class Coverage {
  /**
   * At most this many pairs are examined per reconcile. Beyond it coverage is reported unknown with
   * the count: a Service-scope policy on a service with 300 databases and 600 login roles would
   * otherwise evaluate 180,000 pairs on every reconcile (seen in the benchmark).
   */
  public static final int MAX_PAIRS = 20_000;

  private Coverage() {}

  public static CoverageReport of(PolicyIntent intent, Observed observed, Ownership ownership) {
    StoredSettings sql = observed.sql();
    if (sql == null || !sql.knowsCatalog()) {
      return CoverageReport.unknown("the databases and login roles of " + intent.service() + " were not read");
    }
    if (!observed.featureEnabled()) {
      return CoverageReport.unknown("pgaudit is not enabled on " + intent.service() + " (feature_enabled is off)");
    }
    long bound = pairBound(intent, sql);
    if (bound > MAX_PAIRS) {
      return CoverageReport.unknown("the policy covers up to " + bound + " (database, login role) pairs on "
          + intent.service() + "; coverage examines at most " + MAX_PAIRS + " per reconcile");
    }
    Map<PgAuditSetting, String> wanted = wanted(intent);
    Precedence precedence = new Precedence(sql, observed.pgaudit());
    List<PairCoverage> pairs = new ArrayList<>();
    pairsOf(intent, sql).forEach((pair, own) -> pairs.add(pair(pair, own, wanted, precedence, ownership, intent.ref())));
    return new CoverageReport(pairs, null);
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

  /** An upper bound of the pairs {@link #pairsOf} would list, without listing them. */
  static long pairBound(PolicyIntent intent, StoredSettings sql) {
    long databases = sql.databases().size();
    long roles = sql.loginRoles().size();
    java.util.Set<SqlTarget> targets = new java.util.HashSet<>();
    for (Slot slot : intent.wants().keySet()) {
      if (slot instanceof Slot.AivenKey) return databases * roles;
      if (slot instanceof Slot.Sql s) targets.add(s.sqlTarget());
    }
    long bound = 0;
    for (SqlTarget target : targets) {
      bound += target instanceof SqlTarget.Database ? roles : target instanceof SqlTarget.Role ? databases : 1;
    }
    return Math.min(bound, databases * roles);
  }

  /** Every pair the scope covers, sorted, with the policy's own slot target for it (null: the service). */
  static Map<Pair, SqlTarget> pairsOf(PolicyIntent intent, StoredSettings sql) {
    Map<Pair, SqlTarget> pairs = new TreeMap<>(Pair.ORDER);
    boolean service = false;
    for (Slot slot : intent.wants().keySet()) {
      if (slot instanceof Slot.AivenKey) service = true;
      if (!(slot instanceof Slot.Sql s)) continue;
      SqlTarget target = s.sqlTarget();
      if (target instanceof SqlTarget.Database d && sql.databases().contains(d.database())) {
        sql.loginRoles().forEach(r -> pairs.putIfAbsent(new Pair(d.database(), r), target));
      } else if (target instanceof SqlTarget.Role r && sql.loginRoles().contains(r.role())) {
        sql.databases().forEach(d -> pairs.putIfAbsent(new Pair(d, r.role()), target));
      } else if (target instanceof SqlTarget.RoleInDatabase rd && sql.loginRoles().contains(rd.role())
          && sql.databases().contains(rd.database())) {
        pairs.putIfAbsent(new Pair(rd.database(), rd.role()), target);
      }
    }
    if (service) {
      Map<Pair, SqlTarget> all = new LinkedHashMap<>();
      sql.databases().forEach(d -> sql.loginRoles().forEach(r -> all.put(new Pair(d, r), null)));
      pairs.putAll(all);
    }
    return pairs;
  }

  private static PairCoverage pair(Pair pair, SqlTarget own, Map<PgAuditSetting, String> wanted, Precedence precedence,
      Ownership ownership, PolicyRef self) {
    Map<PgAuditSetting, Precedence.Effective> effective = new EnumMap<>(PgAuditSetting.class);
    wanted.keySet().forEach(setting -> effective.put(setting, precedence.effective(pair, setting)));
    for (var want : wanted.entrySet()) {
      Precedence.Effective got = effective.get(want.getKey());
      if (SettingValues.sameMeaning(want.getKey(), got.value(), want.getValue())) continue;
      if (rank(got.source()) <= rank(own)) {
        return new PairCoverage(pair, PairCoverage.Cause.NOT_IN_PLACE, effective, want.getKey(), List.of());
      }
      List<PolicyRef> holders = ownership.holders(got.source()).stream().filter(h -> !h.equals(self)).toList();
      return new PairCoverage(pair, holders.isEmpty() ? PairCoverage.Cause.SHADOWED_OUTSIDE
          : PairCoverage.Cause.SHADOWED_BY_POLICY, effective, want.getKey(), holders);
    }
    return new PairCoverage(pair, PairCoverage.Cause.COVERED, effective, null, List.of());
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
