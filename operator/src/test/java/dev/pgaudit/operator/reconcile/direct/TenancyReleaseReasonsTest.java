package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.operator.tenancy.TenancyParser;
import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rule set with {@code restrictOwnTokens} on, and policies edited out of their namespace's
 * allowance: own tokens are held to the rule set too; a policy moved to a service (or a sink) its
 * namespace may not use is refused and, while refused, keeps what it wrote before in force; deleted,
 * it releases what it wrote on the services its namespace may use, so nothing is left behind there.
 */
class TenancyReleaseReasonsTest {
  /** The fixture's namespaces are d1, d2, …: all of them are listed. */
  static final String RULE = "tenancy.namespaces[0] (namespace d*) allows acme/pg-*, acme/os_*";

  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.aivenOnly(ReconcilerFixture.defaultTokenUnder(TenancyParser.parse("""
      restrictOwnTokens: true
      namespaces:
        - namespace: "d*"
          services: [{project: acme, service: "pg-*"}, {project: acme, service: "os_*"}]
      """)));

  @Test
  void ownTokensAreHeldToTheRuleSetWhenRestrictOwnTokensIsOn() {
    String service = fx.pgService();
    fx.putSecret("unlisted", ReconcilerFixture.TOKEN_SECRET, Map.of("token", ReconcilerFixture.TOKEN));
    int before = fx.aiven.requests().total();

    PgAuditPolicy outside = fx.put(policy("unlisted", "own", service).serviceScope().log(DDL).build());
    fx.reconcile(outside);
    assertThat(statusReasonMessage(outside, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_ALLOWED,
        "namespace unlisted may not use an Aiven token (tenancy.restrictOwnTokens is on): no tenancy rule lists it and"
            + " tenancy.allowAll is false (default deny); ask the platform team to add it to tenancy.namespaces");
    PgAuditPolicy elsewhere = fx.put(policy(fx.namespace(), "own", "other-" + service).serviceScope().log(DDL).build());
    fx.reconcile(elsewhere);
    assertThat(statusReasonMessage(elsewhere, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_ALLOWED,
        "namespace " + elsewhere.getMetadata().getNamespace() + " may not use an Aiven token (tenancy.restrictOwnTokens is on)"
            + " on service acme/other-" + service + ": " + RULE);
    assertThat(fx.aiven.requests().total()).isEqualTo(before);

    PgAuditPolicy allowed = fx.put(policy(fx.namespace(), "own", service).serviceScope().log(DDL).build());
    fx.reconcile(allowed);
    assertThat(statusReasonMessage(allowed, Conditions.READY).subList(0, 2)).containsExactly("True", Conditions.Reason.RECONCILED);
    fx.cleanup(allowed);
  }

  @Test
  void aPolicyMovedToAServiceOutsideItsAllowanceKeepsItsOldSettingsWhileRefusedAndReleasesThemOnDelete() {
    String service = fx.pgService();
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "mover", service).defaultToken().serviceScope().log(DDL).build());
    fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY).subList(0, 2)).containsExactly("True", Conditions.Reason.RECONCILED);
    assertThat(pgaudit(service)).containsEntry("feature_enabled", true).containsEntry("log", List.of("ddl"));

    p.getSpec().setService(new ServiceRef(PROJECT, "forbidden-" + service));
    p = fx.put(p);
    fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_ALLOWED,
        "namespace " + p.getMetadata().getNamespace() + " may not use the operator's default Aiven token on service acme/forbidden-"
            + service + ": " + RULE);
    // Refused: nothing is released either, so the auditing it put in place stays until it is fixed or deleted.
    assertThat(pgaudit(service)).containsEntry("feature_enabled", true).containsEntry("log", List.of("ddl"));

    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(pgaudit(service)).containsEntry("feature_enabled", false).containsEntry("log", List.of());
    assertThat(record(service)).isEmpty();
  }

  @Test
  void aSinkMovedOutOfTheAllowanceReleasesTheOldIntegrationAndTheSettingsOnDelete() {
    String service = fx.pgService();
    String allowedOs = ReconcilerFixture.unique("os");
    String forbiddenOs = ReconcilerFixture.unique("forbidden");
    fx.aiven.addOpenSearchService(PROJECT, allowedOs);
    fx.aiven.addOpenSearchService(PROJECT, forbiddenOs);
    PgAuditPolicy p = fx.put(policy(fx.namespace(), "sink", service).defaultToken().serviceScope().log(DDL)
        .sink(allowedOs, "audit", 3).build());
    fx.reconcile(p);
    assertThat(integrations(service)).singleElement().satisfies(i -> assertThat(i.destService()).isEqualTo(allowedOs));

    // The integration is still starting: that status was written as a failed reconcile's (by the
    // reconciler itself), so the edit is made to the stored version, as a user's would be.
    p = fx.client.resource(p).get();
    p.getSpec().getSink().getOpensearch().setServiceName(forbiddenOs);
    p = fx.put(p);
    fx.reconcile(p);
    assertThat(statusReasonMessage(p, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_ALLOWED,
        "namespace " + p.getMetadata().getNamespace() + " may not use the operator's default Aiven token on sink destination acme/"
            + forbiddenOs + ": " + RULE);
    assertThat(integrations(service)).singleElement().satisfies(i -> assertThat(i.destService()).isEqualTo(allowedOs));

    DeleteControl control = fx.cleanup(p);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(integrations(service)).isEmpty();
    assertThat(pgaudit(service)).containsEntry("feature_enabled", false).containsEntry("log", List.of());
    assertThat(record(service)).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> pgaudit(String service) {
    return (Map<String, Object>) fx.aiven.userConfig(PROJECT, service).getOrDefault("pgaudit", Map.of());
  }

  private static List<IntegrationSnapshot> integrations(String service) {
    return fx.aiven.integrations(PROJECT).stream().filter(i -> service.equals(i.sourceService())).toList();
  }

  /** The applied-record ConfigMap of the service, if any (its name is a hash the package-private codec decides). */
  private static List<ConfigMap> record(String service) {
    return fx.client.configMaps().inNamespace(fx.settings.recordNamespace()).withLabel("pgaudit.dev/record", "applied")
        .list().getItems().stream()
        .filter(m -> ("acme/" + service).equals(m.getMetadata().getAnnotations().get("pgaudit.dev/service"))).toList();
  }
}
