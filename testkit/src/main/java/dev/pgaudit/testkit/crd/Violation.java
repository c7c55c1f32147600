package dev.pgaudit.testkit.crd;

/**
 * One reason the API server would refuse a manifest.
 *
 * @param path where, Kubernetes style: spec.scope.databases[0], or (root)
 * @param check which check: a JSON-schema keyword (enum, maximum, required, type, ...),
 *     x-kubernetes-validations for a CEL rule, unknown-field, or metadata
 * @param message what is wrong; for a CEL rule its message
 */
public record Violation(String path, String check, String message) {
  public static final String ROOT = "(root)";

  @Override
  public String toString() {
    return path + ": [" + check + "] " + message;
  }
}
