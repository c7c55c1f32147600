package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strings kubectl get shows, SpecCheck's NUL rule and how refused status writes are named. */
class SpecSummaryTest {

  private static PgAuditPolicySpec spec(ScopeLevel level, List<String> dbs, List<String> roles, AuditClass... log) {
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", "pg"));
    spec.setScope(new Scope(level, dbs, roles));
    spec.setLog(new java.util.ArrayList<>(List.of(log)));
    return spec;
  }

  @Test
  void targetsInShortWithNamesQuotedAsPostgresQuotesThem() {
    assertThat(SpecSummary.targets(spec(ScopeLevel.Service, null, null))).isEqualTo("service");
    assertThat(SpecSummary.targets(spec(ScopeLevel.Database, List.of("orders"), null))).isEqualTo("db \"orders\"");
    assertThat(SpecSummary.targets(spec(ScopeLevel.Database, List.of("orders", "billing", "orders", "x"), null)))
        .isEqualTo("db \"orders\" +2");
    assertThat(SpecSummary.targets(spec(ScopeLevel.Role, null, List.of("a\"b")))).isEqualTo("role \"a\"\"b\"");
    assertThat(SpecSummary.targets(spec(ScopeLevel.DatabaseRole, List.of("orders"), List.of("app"))))
        .isEqualTo("role \"app\" in db \"orders\"");
    assertThat(SpecSummary.targets(spec(ScopeLevel.DatabaseRole, List.of("o", "b"), List.of("app"))))
        .isEqualTo("role \"app\" in 2 dbs");
    assertThat(SpecSummary.targets(spec(ScopeLevel.DatabaseRole, List.of("o", "b"), List.of("x", "y", "z"))))
        .isEqualTo("3 roles in 2 dbs");
    assertThat(SpecSummary.targets(null)).isNull();
  }

  @Test
  void logIsCommaSeparatedInSpecOrder() {
    assertThat(SpecSummary.log(spec(ScopeLevel.Database, List.of("d"), null, AuditClass.ALL, AuditClass.NOT_MISC_SET)))
        .isEqualTo("all,-misc_set");
    assertThat(SpecSummary.log(spec(ScopeLevel.Service, null, null, AuditClass.DDL, AuditClass.ROLE, AuditClass.WRITE)))
        .isEqualTo("ddl,role,write");
  }

  @Test
  void aNulInANameIsAnInvalidSpecNotAnSqlError() {
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("nul").build());
    p.setSpec(spec(ScopeLevel.DatabaseRole, List.of("orders"), List.of("a\0b"), AuditClass.READ));
    assertThat(SpecCheck.problem(p)).isEqualTo("spec.scope.roles contains a name with a NUL character, which PostgreSQL cannot store");

    p.setSpec(spec(ScopeLevel.Database, List.of("orders"), null, AuditClass.READ));
    assertThat(SpecCheck.problem(p)).isNull();
    AuditSettings settings = new AuditSettings();
    settings.setRole("\0");
    p.getSpec().setSettings(settings);
    assertThat(SpecCheck.problem(p)).isEqualTo("spec.settings.role contains a name with a NUL character, which PostgreSQL cannot store");
  }

  @Test
  void refusedStatusWritesAreNamedByAShortFixedReason() {
    assertThat(StatusWriteRefusal.of(refusal(500, "etcdserver: request is too large")).orElseThrow().reason()).isEqualTo("too_large");
    assertThat(StatusWriteRefusal.of(refusal(413, "Request entity too large: limit is 3145728")).orElseThrow().reason())
        .isEqualTo("too_large");
    assertThat(StatusWriteRefusal.of(refusal(409, "the object has been modified")).orElseThrow().reason()).isEqualTo("conflict");
    assertThat(StatusWriteRefusal.of(refusal(422, "is invalid")).orElseThrow().reason()).isEqualTo("invalid");
    assertThat(StatusWriteRefusal.of(refusal(403, "forbidden")).orElseThrow().reason()).isEqualTo("forbidden");
    assertThat(StatusWriteRefusal.of(refusal(503, "unavailable")).orElseThrow().reason()).isEqualTo("server_error");
    assertThat(StatusWriteRefusal.of(new RuntimeException("wrapped", refusal(404, "gone"))).orElseThrow().reason())
        .isEqualTo("not_found");
    assertThat(StatusWriteRefusal.of(new IllegalStateException("a bug"))).isEmpty();
  }

  private static KubernetesClientException refusal(int code, String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
