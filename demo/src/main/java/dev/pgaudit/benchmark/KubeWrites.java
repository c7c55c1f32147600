package dev.pgaudit.benchmark;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the write requests (POST, PUT, PATCH, DELETE) the operator sends to the embedded
 * Kubernetes API. The operator is told apart from the benchmark's own client by the bearer token
 * in its kubeconfig, so applying and changing policies is not counted.
 */
final class KubeWrites {
  /** What was written; REFUSED: any write the API server answered with an error (e.g. 409 Conflict). */
  enum Kind { STATUS, POLICY, EVENT, OTHER, REFUSED }

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private final String authorization;
  private final AtomicLongArray counts = new AtomicLongArray(Kind.values().length);

  KubeWrites(String operatorToken) {
    this.authorization = "Bearer " + operatorToken;
  }

  void observe(RecordedRequest request, MockResponse response) {
    if (!WRITES.contains(request.getMethod().toUpperCase()) || !authorization.equals(request.getHeader("Authorization"))) {
      return;
    }
    Kind kind = response != null && response.code() >= 400 ? Kind.REFUSED : classify(request.getPath());
    counts.incrementAndGet(kind.ordinal());
  }

  static Kind classify(String pathAndQuery) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    if (path.contains("/events")) return Kind.EVENT;
    if (path.contains("/pgauditpolicies/") && path.endsWith("/status")) return Kind.STATUS;
    if (path.contains("/pgauditpolicies")) return Kind.POLICY;
    return Kind.OTHER;
  }

  Map<Kind, Long> snapshot() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) out.put(k, counts.get(k.ordinal()));
    return out;
  }
}
