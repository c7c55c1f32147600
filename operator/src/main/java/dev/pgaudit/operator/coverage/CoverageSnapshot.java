package dev.pgaudit.operator.coverage;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.coverage.Coverage;
import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.Precedence;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Observed;
import dev.pgaudit.operator.plan.Ownership;
import dev.pgaudit.operator.plan.PolicyRef;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSession;
import dev.pgaudit.operator.postgres.PgSessionOpener;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's state read the way the operator reads it (the one settings query as avnadmin,
 * user_config.pgaudit), and the coverage of each live policy computed from it with the operator's
 * own code: what the demo prints and what the proof test holds the audit log to.
 */
public record CoverageSnapshot(StoredSettings stored, Precedence precedence, Ownership ownership,
    Map<String, CoverageReport> reports) {

  /** @param live the live policies on the service, with their current specs */
  public static CoverageSnapshot read(PgConnectionParams avnadmin, ServiceKey service, Map<String, Object> pgaudit,
      List<PgAuditPolicy> live) {
    StoredSettings stored;
    try (PgAuditSession session = new PgSessionOpener(PgSessionOpener.StatementListener.NONE).open(avnadmin)) {
      stored = session.readAll();
    }
    Observed observed = new Observed(service, pgaudit, stored, List.of());
    Ownership ownership = Ownership.resolve(live.stream().map(Intents::of).toList());
    Map<String, CoverageReport> reports = new LinkedHashMap<>();
    live.forEach(p -> reports.put(p.getMetadata().getName(), Coverage.of(Intents.of(p), observed, ownership)));
    return new CoverageSnapshot(stored, new Precedence(stored, pgaudit), ownership, reports);
  }

  /** The policies holding the slot a value comes from, by name; empty for a default or a setting made outside. */
  public List<String> holders(Slot source) {
    return source == null ? List.of() : ownership.holders(source).stream().map(PolicyRef::name).toList();
  }
}
