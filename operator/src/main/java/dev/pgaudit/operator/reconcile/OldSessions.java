package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.Pair;
import dev.pgaudit.operator.coverage.PairCoverage;
import dev.pgaudit.operator.postgres.ClientSessions;
import dev.pgaudit.operator.api.CoverageStatus;
import dev.pgaudit.operator.api.PgAuditPolicy;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions still running with the settings from before a database/role write: PostgreSQL applies
 * ALTER DATABASE/ROLE ... SET only when a session starts, so a session (or a pooled server
 * connection) opened before the write keeps auditing the old way until it reconnects. Counted for
 * the pairs a policy covers, from one pg_stat_activity read, until none is left.
 *
 * @param count a number, or "unknown" when some such session's start is hidden from the connected role
 * @param since the server's time when the write was seen, RFC 3339
 */
record OldSessions(String count, String since) {
  static final String UNKNOWN = "unknown";
  private static final Logger log = LoggerFactory.getLogger(OldSessions.class);

  /**
   * After a reconcile that wrote database/role settings ({@code wrote}), or while the last status
   * still counts old sessions: one pg_stat_activity read on the reconcile's session. Null when
   * there is nothing to count, or the read failed (the next reconcile tries again).
   */
  static OldSessions observe(PgAuditPolicy policy, boolean wrote, LazySession sql, CoverageReport coverage) {
    CoverageStatus previous = policy.getStatus() == null ? null : policy.getStatus().getCoverage();
    String pendingSince = previous == null ? null : previous.getOldSessionsSince();
    if (coverage == null || !coverage.known() || (!wrote && pendingSince == null)) return null;
    try {
      return count(sql.get().clientSessions(), coverage, wrote ? null : Instant.parse(pendingSince));
    } catch (RuntimeException e) {
      log.debug("{} could not count old sessions: {}", policy.key(), e.getMessage());
      return null;
    }
  }

  boolean pending() {
    return !"0".equals(count);
  }

  /**
   * @param since when the write was made (server time); null: just written, the read's own time is used
   */
  static OldSessions count(ClientSessions read, CoverageReport coverage, Instant since) {
    Instant from = since != null ? since : read.readAt();
    Set<Pair> covered = coverage.pairs().stream().map(PairCoverage::pair).collect(Collectors.toSet());
    long old = 0;
    boolean hidden = false;
    for (ClientSessions.Session s : read.sessions()) {
      if (!covered.contains(new Pair(s.database(), s.role()))) continue;
      if (s.started() == null) {
        hidden = true;
      } else if (s.started().isBefore(from)) {
        old++;
      }
    }
    return new OldSessions(hidden ? UNKNOWN : Long.toString(old), from.toString());
  }
}
