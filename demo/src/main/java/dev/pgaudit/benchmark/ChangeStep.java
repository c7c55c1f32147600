package dev.pgaudit.benchmark;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/** One single spec change of the change phase, and the least it can cost. */
record ChangeStep(Fleet.Member member, Kind kind) {

  enum Kind {
    /** Adds or removes the misc class at a database/role scope: one ALTER ... SET per target. */
    SQL_LOG,
    /**
     * Turns the Database policy's own setting off or on: one ALTER ... SET. For databases shared by
     * several policies, whose pgaudit.log they all manage: a different log would conflict.
     */
    SQL_SETTING,
    /** Adds or removes the misc class at Service scope: one service PUT. */
    SERVICE_LOG,
    /** Flips the sink's indexDaysMax between 3 and 7: one integration PUT. */
    SINK_DAYS
  }

  void applyTo(PgAuditPolicy policy) {
    var spec = policy.getSpec();
    switch (kind) {
      case SQL_LOG, SERVICE_LOG -> {
        List<AuditClass> log = new ArrayList<>(spec.getLog());
        if (!log.remove(AuditClass.MISC)) log.add(AuditClass.MISC);
        spec.setLog(log);
      }
      case SQL_SETTING -> member.databaseSetting().flip(spec.getSettings());
      case SINK_DAYS -> {
        var os = spec.getSink().getOpensearch();
        os.setIndexDaysMax(os.getIndexDaysMax() != null && os.getIndexDaysMax() == 3 ? 7 : 3);
      }
    }
  }

  /** As kubectl edit does: the operator may write the status meanwhile (409), so read again and retry. */
  PgAuditPolicy edit(BenchEnvironment env) {
    for (int attempt = 1; ; attempt++) {
      try {
        return env.client.resources(PgAuditPolicy.class).inNamespace(member.namespace()).withName(member.name())
            .edit(p -> {
              applyTo(p);
              return p;
            });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) throw e;
      }
    }
  }

  /**
   * Only the write the diff needs, one status update and one Event naming the change. A sink change
   * also needs, for truth, one re-read of the project that sees the updated integration active again
   * (an update restarts it, reference §7.4): counted, as the Kubernetes minimum counts the truthful
   * SinkStarting status.
   */
  Cost minimum() {
    return switch (kind) {
      case SQL_LOG, SQL_SETTING -> new Cost(0, 0, 0, member.sqlTargets(), 0, 2);
      case SERVICE_LOG -> new Cost(1, 0, 0, 0, 0, 2);
      case SINK_DAYS -> new Cost(2, 1, 0, 0, 0, 2);
    };
  }

  /**
   * {@code count} changes spread over services and scopes: database, role, role-in-database, Service
   * scope, sink, in turn, each time on the next service. A database change is of the log classes, or
   * of the policy's own setting where databases are shared.
   */
  static List<ChangeStep> plan(Fleet fleet, int count) {
    List<ChangeStep> steps = new ArrayList<>();
    List<Object[]> cycle = List.of(
        new Object[] {Fleet.Kind.DATABASE, Kind.SQL_LOG},
        new Object[] {Fleet.Kind.ROLE, Kind.SQL_LOG},
        new Object[] {Fleet.Kind.DATABASE_ROLE, Kind.SQL_LOG},
        new Object[] {Fleet.Kind.SERVICE, Kind.SERVICE_LOG},
        new Object[] {Fleet.Kind.SERVICE, Kind.SINK_DAYS});
    int services = fleet.workload().services();
    for (int j = 0; steps.size() < count; j++) {
      int service = j % services;
      Object[] pick = cycle.get(j % cycle.size());
      Fleet.Kind memberKind = (Fleet.Kind) pick[0];
      long available = fleet.countOf(memberKind, service);
      if (available == 0) {
        if (j > count * cycle.size() * 4L) throw new IllegalStateException("no policy can be changed");
        continue;
      }
      int ordinal = (int) ((j / cycle.size()) % available);
      Kind kind = memberKind == Fleet.Kind.DATABASE && fleet.layout() == Fleet.Layout.SHARED ? Kind.SQL_SETTING : (Kind) pick[1];
      fleet.find(service, memberKind, ordinal).ifPresent(m -> steps.add(new ChangeStep(m, kind)));
    }
    return steps;
  }
}
