package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.postgres.ConnectRights;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The coverage side of one observed state of a service (one settings query, the service's
 * user_config.pgaudit, or the operator's own write on top of them): the precedence, the
 * databases and login roles and who may connect where, worked out once and shared by every policy
 * on the service. Each policy's report is its own pairs selected from it ({@link #report});
 * nothing here queries.
 */
public final class ServiceCoverage {
  private final StoredSettings stored;
  private final Map<String, Object> pgaudit;
  private final String unknown;
  private final Precedence precedence;
  private final List<String> databases;
  private final List<String> loginRoles;
  private final ConnectRights connect;
  /** The (database, login role) pairs that may connect: what a Service-scope policy covers. */
  private final long allPairs;

  private ServiceCoverage(Observed observed, String unknown, ServiceCoverage previous) {
    this.stored = observed.sql();
    this.pgaudit = observed.pgaudit();
    this.unknown = unknown;
    boolean known = unknown == null;
    this.precedence = known ? new Precedence(stored, pgaudit) : null;
    // The operator's own writes keep the catalog lists as read: sorted once per read, not per write.
    boolean sameCatalog = known && previous != null && previous.unknown == null
        && previous.stored.databases() == stored.databases() && previous.stored.loginRoles() == stored.loginRoles();
    this.databases = !known ? List.of() : sameCatalog ? previous.databases : sorted(stored.databases());
    this.loginRoles = !known ? List.of() : sameCatalog ? previous.loginRoles : sorted(stored.loginRoles());
    this.connect = known ? stored.connect() : ConnectRights.OPEN;
    this.allPairs = sameCatalog && previous.connect == connect ? previous.allPairs : connect.pairCount(databases, loginRoles);
  }

  public static ServiceCoverage of(Observed observed) {
    return of(observed, null);
  }

  /** @param previous an earlier state of the service, whose sorted catalog is reused when it is the same read */
  static ServiceCoverage of(Observed observed, ServiceCoverage previous) {
    StoredSettings sql = observed.sql();
    if (sql == null || !sql.knowsCatalog()) {
      return new ServiceCoverage(observed, "the databases and login roles of " + observed.service() + " were not read", null);
    }
    if (!observed.featureEnabled()) {
      return new ServiceCoverage(observed, "pgaudit is not enabled on " + observed.service() + " (feature_enabled is off)", null);
    }
    return new ServiceCoverage(observed, null, previous);
  }

  /**
   * True when {@code observed} is the very state this was made from: the shared observation and the
   * operator's own writes hand the same instances to every policy on the service until the next read.
   */
  public boolean sameState(Observed observed) {
    return observed.sql() == stored && observed.pgaudit() == pgaudit;
  }

  /** The policy's coverage: its own pairs, each with the values in force there and who set them. */
  public CoverageReport report(PolicyIntent intent, Ownership ownership) {
    if (unknown != null) return CoverageReport.unknown(unknown);
    long bound = Coverage.pairBound(intent, databases, loginRoles, connect, allPairs);
    if (bound > Coverage.MAX_PAIRS) {
      return CoverageReport.unknown("the policy covers up to " + bound + " (database, login role) pairs on "
          + intent.service() + "; coverage examines at most " + Coverage.MAX_PAIRS + " per reconcile");
    }
    Map<PgAuditSetting, String> wanted = Coverage.wanted(intent);
    List<PairCoverage> pairs = new ArrayList<>();
    PgAuditSetting[] settings = wanted.keySet().toArray(new PgAuditSetting[0]);
    Map<VerdictKey, Coverage.Verdict> verdicts = new HashMap<>();
    for (Map.Entry<Pair, SqlTarget> entry : Coverage.pairsOf(intent, databases, loginRoles, connect)) {
      Pair pair = entry.getKey();
      SqlTarget own = entry.getValue();
      Precedence.Effective[] values = new Precedence.Effective[settings.length];
      for (int i = 0; i < settings.length; i++) values[i] = precedence.effective(pair, settings[i]);
      Coverage.Verdict verdict = verdicts.computeIfAbsent(new VerdictKey(Coverage.ownRank(own), values),
          k -> Coverage.verdict(own, asMap(settings, values), wanted, ownership, intent.ref()));
      pairs.add(verdict.of(pair));
    }
    return new CoverageReport(pairs, null);
  }

  /** The names in pair order: as read when the query returned them so (no copy), else a sorted copy. */
  private static List<String> sorted(List<String> names) {
    for (int i = 1; i < names.size(); i++) {
      if (names.get(i - 1).compareTo(names.get(i)) > 0) return names.stream().sorted().toList();
    }
    return names;
  }

  /**
   * Pairs with the same values and the same own target rank are audited alike. Precedence hands out
   * one instance per value and place, so the values compare by identity.
   */
  private record VerdictKey(int ownRank, Precedence.Effective[] values) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof VerdictKey k) || k.ownRank != ownRank || k.values.length != values.length) return false;
      for (int i = 0; i < values.length; i++) if (k.values[i] != values[i]) return false;
      return true;
    }

    @Override
    public int hashCode() {
      int hash = ownRank;
      for (Precedence.Effective value : values) hash = 31 * hash + System.identityHashCode(value);
      return hash;
    }
  }

  private static Map<PgAuditSetting, Precedence.Effective> asMap(PgAuditSetting[] settings, Precedence.Effective[] values) {
    Map<PgAuditSetting, Precedence.Effective> map = new EnumMap<>(PgAuditSetting.class);
    for (int i = 0; i < settings.length; i++) map.put(settings[i], values[i]);
    return map;
  }
}
