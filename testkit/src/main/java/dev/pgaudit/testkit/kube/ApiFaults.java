package dev.pgaudit.testkit.kube;

import dev.pgaudit.testkit.kube.ApiServerRules;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Errors the embedded API answers instead of serving a request, for the next {@code times}
 * requests with a method and a path matching a pattern; e.g. a 409 Conflict on status updates,
 * as a real API server gives when another writer got there first. The request is not applied.
 */
public final class ApiFaults {
  private final List<Rule> rules = new ArrayList<>();
  private int injected;

  private static final class Rule {
    final int status;
    final String method;
    final Pattern path;
    int remaining;

    Rule(int status, String method, Pattern path, int times) {
      this.status = status;
      this.method = method;
      this.path = path;
      this.remaining = times;
    }
  }

  ApiFaults() {}

  /** The next {@code times} requests with {@code method} (null: any) whose path matches {@code pathRegex} get {@code status}. */
  public synchronized ApiFaults inject(int times, int status, String method, String pathRegex) {
    if (times < 1) throw new IllegalArgumentException("times must be >= 1");
    rules.add(new Rule(status, method, Pattern.compile(pathRegex), times));
    return this;
  }

  /** Faults not yet used up. */
  public synchronized int pending() {
    return rules.stream().mapToInt(r -> r.remaining).sum();
  }

  /** Faults answered so far. */
  public synchronized int injected() {
    return injected;
  }

  public synchronized void clear() {
    rules.clear();
  }

  private synchronized Integer take(String method, String path) {
    for (Rule rule : rules) {
      if ((rule.method == null || rule.method.equalsIgnoreCase(method)) && rule.path.matcher(path).find()) {
        if (--rule.remaining == 0) rules.remove(rule);
        injected++;
        return rule.status;
      }
    }
    return null;
  }

  /**
   * A CRUD dispatcher with a real API server's rules ({@link ApiServerRules}) that lets {@code gate}
   * answer first (e.g. 403 from RBAC; null = go on), then answers injected faults, and tells
   * {@code onServed} about every exchange.
   */
  KubernetesCrudDispatcher wrap(List<io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext> crds,
      java.util.function.Function<RecordedRequest, MockResponse> gate,
      java.util.function.BiConsumer<RecordedRequest, MockResponse> onServed) {
    return new ApiServerRules(crds) {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        MockResponse gated = gate.apply(request);
        Integer status = gated != null ? null : take(request.getMethod(), path);
        MockResponse response = gated != null ? gated : status == null ? super.dispatch(request) : failure(status, path);
        onServed.accept(request, response);
        return response;
      }
    };
  }

  private static MockResponse failure(int status, String path) {
    String reason = status == 409 ? "Conflict" : "InternalError";
    String message = status == 409
        ? "Operation cannot be fulfilled on " + path + ": the object has been modified; please apply your changes"
            + " to the latest version and try again"
        : "injected fault";
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message.replace("\"", "'") + "\",\"reason\":\"" + reason + "\",\"code\":" + status + "}";
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }
}
