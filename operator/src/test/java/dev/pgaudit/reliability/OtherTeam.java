package dev.pgaudit.reliability;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.reconcile.OperatorTestEnv;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second namespace of the bad-input run: another team with the default token, auditing its own
 * service while the corpus's tenancy cases reach for it. Its policy must stay applied and Ready,
 * with no conflict and its setting unchanged.
 */
final class OtherTeam {
  static final String POLICY = "own-writes";
  private final OperatorTestEnv env;
  private final String database;

  private OtherTeam(OperatorTestEnv env, String database) {
    this.env = env;
    this.database = database;
  }

  static OtherTeam start(OperatorTestEnv env) {
    env.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(TenancyCorpus.OTHER_TEAM)
        .endMetadata().build()).create();
    env.aiven.addPgService(OperatorTestEnv.PROJECT, TenancyCorpus.OTHER_SERVICE, "16", env.pg);
    env.aiven.addOpenSearchService(OperatorTestEnv.PROJECT, TenancyCorpus.OTHER_OPENSEARCH);
    String database = env.database("other_team");
    PgAuditPolicy policy = new PgAuditPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withNamespace(TenancyCorpus.OTHER_TEAM).withName(POLICY).build());
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef(OperatorTestEnv.PROJECT, TenancyCorpus.OTHER_SERVICE));
    spec.setScope(new Scope(ScopeLevel.Database, List.of(database), null));
    spec.setLog(List.of(AuditClass.WRITE));
    policy.setSpec(spec); // no authSecretRef: the operator's default token, as the rule set allows
    env.create(policy);
    env.awaitReady(TenancyCorpus.OTHER_TEAM, POLICY);
    return new OtherTeam(env, database);
  }

  /** Problems, if the corpus changed anything of the other team's. */
  List<String> stillApplied() {
    List<String> problems = new ArrayList<>();
    var ready = env.condition(TenancyCorpus.OTHER_TEAM, POLICY, Conditions.READY).orElse(null);
    if (ready == null || !"True".equals(ready.getStatus()) || !Conditions.Reason.RECONCILED.equals(ready.getReason())) {
      problems.add("the other team's policy is no longer Ready: " + (ready == null ? "no condition" : ready.getReason()
          + ": " + ready.getMessage()));
    }
    if (env.condition(TenancyCorpus.OTHER_TEAM, POLICY, Conditions.CONFLICT).isPresent()) {
      problems.add("the other team's policy is in a conflict");
    }
    Map<String, String> stored = env.stored(database, null);
    if (!"write".equals(stored.get("pgaudit.log"))) problems.add("the other team's database stores " + stored);
    return problems;
  }
}
