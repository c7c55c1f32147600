package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.ConnectionSpec;
import dev.pgaudit.operator.api.DeletionPolicy;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.OpenSearchSink;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.SecretKeyRef;
import dev.pgaudit.operator.api.SecretRef;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.api.Sink;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Policies for operator tests, in the shape a user writes them. */
public final class PolicyBuilder {
  private final PgAuditPolicy policy = new PgAuditPolicy();
  private final PgAuditPolicySpec spec = new PgAuditPolicySpec();

  private PolicyBuilder(String ns, String name, String service) {
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    spec.setService(new ServiceRef(OperatorTestEnv.PROJECT, service));
    spec.setAuthSecretRef(new SecretKeyRef(OperatorTestEnv.TOKEN_SECRET, "token"));
    spec.setScope(new Scope(ScopeLevel.Service, null, null));
    policy.setSpec(spec);
  }

  public static PolicyBuilder policy(String ns, String name, String service) {
    return new PolicyBuilder(ns, name, service);
  }

  public PolicyBuilder serviceScope() {
    spec.setScope(new Scope(ScopeLevel.Service, null, null));
    return this;
  }

  public PolicyBuilder databases(String... dbs) {
    spec.setScope(new Scope(ScopeLevel.Database, List.of(dbs), null));
    return this;
  }

  public PolicyBuilder roles(String... roles) {
    spec.setScope(new Scope(ScopeLevel.Role, null, List.of(roles)));
    return this;
  }

  public PolicyBuilder rolesInDatabases(List<String> roles, List<String> dbs) {
    spec.setScope(new Scope(ScopeLevel.DatabaseRole, dbs, roles));
    return this;
  }

  public PolicyBuilder log(AuditClass... classes) {
    spec.setLog(Arrays.asList(classes));
    return this;
  }

  public PolicyBuilder settings(Consumer<AuditSettings> change) {
    AuditSettings s = spec.getSettings() == null ? new AuditSettings() : spec.getSettings();
    change.accept(s);
    spec.setSettings(s);
    return this;
  }

  public PolicyBuilder sink(String os, String prefix, int days) {
    OpenSearchSink sink = new OpenSearchSink();
    sink.setServiceName(os);
    sink.setIndexPrefix(prefix);
    sink.setIndexDaysMax(days);
    spec.setSink(new Sink(sink));
    return this;
  }

  public PolicyBuilder token(String secret, String key) {
    spec.setAuthSecretRef(new SecretKeyRef(secret, key));
    return this;
  }

  /** No spec.authSecretRef: the policy uses the operator's default token. */
  public PolicyBuilder defaultToken() {
    spec.setAuthSecretRef(null);
    return this;
  }

  /** A sink to an OpenSearch service in another project. */
  public PolicyBuilder sink(String project, String os, String prefix) {
    sink(os, prefix, 3);
    spec.getSink().getOpensearch().setProject(project);
    return this;
  }

  public PolicyBuilder connection(String secret) {
    spec.setConnection(new ConnectionSpec(new SecretRef(secret)));
    return this;
  }

  public PolicyBuilder dryRun() {
    spec.setMode(Mode.DryRun);
    return this;
  }

  public PolicyBuilder orphan() {
    spec.setDeletionPolicy(DeletionPolicy.Orphan);
    return this;
  }

  public PgAuditPolicy build() {
    return policy;
  }
}
