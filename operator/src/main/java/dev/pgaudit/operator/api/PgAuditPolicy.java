package dev.pgaudit.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One audit-logging policy for one Aiven for PostgreSQL service. */
@Group(PgAuditPolicy.GROUP)
@Version(PgAuditPolicy.VERSION)
@Plural("pgauditpolicies")
@ShortNames("pgap")
// kubectl shows these in this order (CrdFiles keeps it). A list prints as JSON, so Log and Targets
// come from strings the operator writes into status.
@AdditionalPrinterColumn(name = "Service", jsonPath = ".spec.service.serviceName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Scope", jsonPath = ".spec.scope.level", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Targets", jsonPath = ".status.targets", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Log", jsonPath = ".status.logSummary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Sink", jsonPath = ".spec.sink.opensearch.serviceName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Effective", jsonPath = ".status.coverage.summary", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class PgAuditPolicy extends CustomResource<PgAuditPolicySpec, PgAuditPolicyStatus> implements Namespaced {
  public static final String GROUP = "pgaudit.dev";
  public static final String VERSION = "v1alpha1";

  /**
   * Overridden only to mark spec required in the generated CRD: without it the API server accepts a
   * PgAuditPolicy with no spec at all.
   */
  @Override
  @Required
  public PgAuditPolicySpec getSpec() {
    return super.getSpec();
  }

  /** namespace/name, the form every log line and message uses. */
  public String key() {
    return getMetadata().getNamespace() + "/" + getMetadata().getName();
  }
}
