package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.api.Sink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Small builders for policies in unit tests. */
public final class Policies {
  private Policies() {}

  public static PgAuditPolicy policy(String name, String created, ScopeLevel level, List<String> dbs, List<String> roles,
      AuditClass... log) {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName(name).withCreationTimestamp(created)
        .withGeneration(1L).withUid("uid-" + name).build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg-orders"));
    spec.setScope(new Scope(level, dbs, roles));
    spec.setLog(Arrays.asList(log));
    p.setSpec(spec);
    return p;
  }

  public static PgAuditPolicy service(String name, String created, AuditClass... log) {
    return policy(name, created, ScopeLevel.Service, null, null, log);
  }

  public static PgAuditPolicy database(String name, String created, List<String> dbs, AuditClass... log) {
    return policy(name, created, ScopeLevel.Database, dbs, null, log);
  }

  public static PgAuditPolicy with(PgAuditPolicy p, Consumer<PgAuditPolicySpec> change) {
    change.accept(p.getSpec());
    return p;
  }

  public static PgAuditPolicy settings(PgAuditPolicy p, Consumer<AuditSettings> change) {
    AuditSettings s = p.getSpec().getSettings() == null ? new AuditSettings() : p.getSpec().getSettings();
    change.accept(s);
    p.getSpec().setSettings(s);
    return p;
  }

  public static PgAuditPolicy sink(PgAuditPolicy p, String os, String prefix, int days) {
    OpenSearchSink sink = new OpenSearchSink();
    sink.setServiceName(os);
    sink.setIndexPrefix(prefix);
    sink.setIndexDaysMax(days);
    p.getSpec().setSink(new Sink(sink));
    return p;
  }

  public static PgAuditPolicy dryRun(PgAuditPolicy p) {
    p.getSpec().setMode(Mode.DryRun);
    return p;
  }
}
