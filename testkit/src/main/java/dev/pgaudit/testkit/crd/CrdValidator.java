package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Offline stand-in for what the API server checks when a PgAuditPolicy is applied: kind and
 * apiVersion, metadata.name, unknown fields (kubectl's strict field validation), the
 * openAPIV3Schema (after dropping nulls and filling defaults, as the server does) and every
 * x-kubernetes-validations CEL rule.
 *
 * <p>As in the API server, the CEL rules are not evaluated when the schema check found a value of
 * the wrong type; a single violation then says so. Reusable for any number of manifests: schemas
 * and rules are compiled once.
 */
public final class CrdValidator {
  /** The PgAuditPolicy CRD's file name under crds/. */
  public static final String COMMITTED_CRD = "pgauditpolicies.pgaudit.dev-v1.yml";

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private final String apiVersion;
  private final String kind;
  private final JsonNode schema;
  private final OpenApiSchemaCheck schemaCheck;
  private final CelRuleCheck celCheck;

  /** A validator for the CRD's storage version. */
  public CrdValidator(JsonNode crd) {
    JsonNode version = storageVersion(crd);
    this.apiVersion = crd.path("spec").path("group").asText() + "/" + version.path("name").asText();
    this.kind = crd.path("spec").path("names").path("kind").asText();
    this.schema = version.path("schema").path("openAPIV3Schema");
    this.schemaCheck = new OpenApiSchemaCheck(schema);
    this.celCheck = new CelRuleCheck(schema);
  }

  /** A validator for the PgAuditPolicy CRD committed under crds/. */
  public static CrdValidator forCommittedCrd() {
    Path file = RepoPaths.crds().resolve(COMMITTED_CRD);
    try {
      return new CrdValidator(new YAMLMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Why the API server would refuse the manifest, one line each; empty when it would accept it. */
  public List<String> violations(JsonNode manifest) {
    return check(manifest).stream().map(Violation::toString).toList();
  }

  public List<Violation> check(JsonNode manifest) {
    List<Violation> out = new ArrayList<>(identity(manifest));
    JsonNode resource = manifest.deepCopy();
    StructuralSchema.dropNulls(schema, resource);
    out.addAll(StructuralSchema.unknownFields(schema, resource));
    StructuralSchema.applyDefaults(schema, resource);
    if (!resource.isObject()) {
      return out;
    }
    List<Violation> schemaViolations = schemaCheck.violations(resource);
    out.addAll(schemaViolations);
    if (schemaViolations.stream().anyMatch(v -> v.check().equals("type"))) {
      out.add(new Violation(Violation.ROOT, "x-kubernetes-validations",
          "some validation rules were not checked because the object was invalid;"
              + " correct the existing errors to complete validation"));
    } else {
      out.addAll(celCheck.violations(resource));
    }
    return out;
  }

  /**
   * The manifest as the API server would store it, without validating it: null fields dropped,
   * defaults filled in.
   */
  public JsonNode defaulted(JsonNode manifest) {
    JsonNode resource = manifest.deepCopy();
    StructuralSchema.dropNulls(schema, resource);
    StructuralSchema.applyDefaults(schema, resource);
    return resource;
  }

  /** CEL rules that fail to compile against the schema (Kubernetes would refuse such a CRD). */
  public List<String> ruleCompileProblems() {
    return celCheck.compileProblems().stream().map(Violation::toString).toList();
  }

  /** Every CEL rule of the schema as "schema path: rule". */
  public List<String> rules() {
    return celCheck.describeRules();
  }

  private List<Violation> identity(JsonNode manifest) {
    List<Violation> out = new ArrayList<>();
    if (!manifest.isObject()) {
      out.add(new Violation(Violation.ROOT, "type", "a manifest must be an object"));
      return out;
    }
    if (!apiVersion.equals(manifest.path("apiVersion").asText())) {
      out.add(new Violation("apiVersion", "metadata", "must be " + apiVersion));
    }
    if (!kind.equals(manifest.path("kind").asText())) {
      out.add(new Violation("kind", "metadata", "must be " + kind));
    }
    JsonNode name = manifest.path("metadata").path("name");
    if (!name.isTextual() || name.asText().isEmpty()) {
      out.add(new Violation("metadata.name", "metadata", "name or generateName is required"));
    } else if (name.asText().length() > 253 || !DNS_SUBDOMAIN.matcher(name.asText()).matches()) {
      out.add(new Violation("metadata.name", "metadata", "must be a lowercase RFC 1123 subdomain"));
    }
    return out;
  }

  private static JsonNode storageVersion(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        return version;
      }
    }
    throw new IllegalArgumentException("CRD has no storage version");
  }
}
