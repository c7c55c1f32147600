package dev.pgaudit.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.AuditSettings;
import dev.pgaudit.operator.api.Mode;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.reconcile.Conditions.Reason;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One invalid or hostile PgAuditPolicy, with what it must end as: refused by the CRD schema, or
 * accepted and then reported with a given Ready condition (whose message names {@code mustName}).
 *
 * @param klass the kind of bad input, for the report
 * @param service the simulated pg service to create for it, or null when it must not exist
 * @param intended the SQL targets and statements it may cause, exactly (SET and, on deletion, RESET)
 * @param stored settings that must be stored once it is Ready: target → (parameter → value)
 * @param edit the edit made once it has settled, or null (refused cases)
 */
record BadInput(String id, String klass, ObjectNode manifest, boolean shouldBeRejected, String service,
    String readyStatus, String readyReason, String mustName, List<Intended> intended,
    Map<SqlTarget, Map<String, String>> stored, Edit edit) {

  /** A statement the case may cause, on the target it addresses. */
  record Intended(SqlTarget target, String sql) {}

  /**
   * An edit made the way people edit in Git, and what the case must end as afterwards: its Ready
   * condition, the settings stored, and the settings released (absent from their target).
   */
  record Edit(String description, Consumer<PgAuditPolicy> change, String readyStatus, String readyReason,
      Map<SqlTarget, Map<String, String>> stored, Map<SqlTarget, List<String>> released) {

    /**
     * The edit an accepted case gets once settled: an Enforce policy that works is switched to
     * DryRun (what it wrote stays, and its deletion must still undo it); a DryRun one changes its
     * classes; a failing one adds a setting (it wrote nothing, so it must release nothing).
     */
    static Edit forOutcome(String reason, Map<SqlTarget, Map<String, String>> stored) {
      if (Reason.RECONCILED.equals(reason)) {
        return new Edit("Enforce → DryRun", p -> p.getSpec().setMode(Mode.DryRun), "True", Reason.DRY_RUN, stored, Map.of());
      }
      if (Reason.DRY_RUN.equals(reason)) {
        return new Edit("log classes changed", p -> p.getSpec().setLog(List.of(AuditClass.DDL)), "True", reason,
            Map.of(), Map.of());
      }
      return new Edit("settings.logCatalog added", p -> {
        if (p.getSpec().getSettings() == null) p.getSpec().setSettings(new AuditSettings());
        p.getSpec().getSettings().setLogCatalog(false);
      }, "False", reason, Map.of(), Map.of());
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** A valid Database-scope policy on {@code service}, to break or make hostile. */
  static ObjectNode base(String id, String service) {
    ObjectNode m = JSON.createObjectNode();
    m.put("apiVersion", "pgaudit.dev/v1alpha1");
    m.put("kind", "PgAuditPolicy");
    m.putObject("metadata").put("name", id);
    ObjectNode spec = m.putObject("spec");
    spec.putObject("service").put("project", "acme").put("serviceName", service);
    spec.putObject("authSecretRef").put("name", "aiven-token").put("key", "token");
    spec.putObject("scope").put("level", "Database").putArray("databases").add("orders");
    spec.putArray("log").add("read");
    return m;
  }

  static ObjectNode spec(ObjectNode manifest) {
    return (ObjectNode) manifest.get("spec");
  }

  static ObjectNode at(ObjectNode manifest, String... path) {
    ObjectNode node = manifest;
    for (String field : path) node = node.has(field) ? (ObjectNode) node.get(field) : node.putObject(field);
    return node;
  }

  static ArrayNode array(Object... values) {
    ArrayNode array = JSON.createArrayNode();
    for (Object v : values) array.add(v == null ? JSON.nullNode() : JSON.<JsonNode>valueToTree(v));
    return array;
  }

  static ObjectNode with(ObjectNode manifest, Consumer<ObjectNode> change) {
    change.accept(manifest);
    return manifest;
  }
}
