package dev.pgaudit.testkit.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * RBAC in front of an embedded API server: every request carrying a bearer token this enforcer
 * issued is authorized against {@link Rbac} like kube-apiserver does, and answered 403 Forbidden
 * (kube-apiserver's Status) when no rule allows it; the refusal is recorded, so a test can also fail
 * on refusals the code under test swallowed. SelfSubjectRulesReviews and SelfSubjectAccessReviews
 * are answered from the same rules. The test's own admin clients are not checked, as a cluster
 * admin's: requests without a bearer token, or with the token Fabric8's mock server gives the
 * clients it creates ({@value #MOCK_SERVER_ADMIN_TOKEN}). Any other token is refused 401.
 */
public final class RbacEnforcer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TOKENS = new AtomicInteger();
  /** KubernetesMockServer.createClient() configures this oauthToken. */
  public static final String MOCK_SERVER_ADMIN_TOKEN = "secret";

  /** One decision: who asked for what (method and path as sent). */
  public record Decision(Identity who, String method, String target, ApiRequest request) {
    @Override
    public String toString() {
      return who + " " + request.describe() + " [" + method + " " + target + "]";
    }
  }

  private final Rbac rbac;
  private final Map<String, Identity> tokens = new ConcurrentHashMap<>();
  private final List<Decision> refusals = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> allowed = new ConcurrentHashMap<>();
  private final Map<String, ApiRequest> allowedSamples = new ConcurrentHashMap<>();

  /** @param rbac the cluster's RBAC objects; {@link BootstrapPolicy} is added, as every cluster has it */
  public RbacEnforcer(Rbac rbac) {
    this.rbac = rbac.with(BootstrapPolicy.objects());
  }

  public Rbac rbac() {
    return rbac;
  }

  /** A bearer token that authenticates as {@code who}, e.g. for a Fabric8 client's oauthToken. */
  public String tokenFor(Identity who) {
    String token = "rbac-test-token-" + TOKENS.incrementAndGet();
    tokens.put(token, who);
    return token;
  }

  /** The answer to {@code request} when it is not to be served (401, 403, a review), or null to serve it. */
  public MockResponse intercept(RecordedRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) return null;
    if (authorization.equals("Bearer " + MOCK_SERVER_ADMIN_TOKEN)) return null;
    Identity who = authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7).trim()) : null;
    if (who == null) return status(401, "Unauthorized", "Unauthorized", null);

    String target = request.getPath() == null ? "/" : request.getPath();
    ApiRequest api = ApiRequest.of(request.getMethod(), target);
    if (!rbac.allows(who, api)) {
      Decision refusal = new Decision(who, request.getMethod(), target, api);
      refusals.add(refusal);
      String object = api.resourceRequest()
          ? api.resource() + (api.apiGroup().isEmpty() ? "" : "." + api.apiGroup()) + (api.name().isEmpty() ? "" : " \"" + api.name() + "\"")
          : "";
      String message = (object.isEmpty() ? "forbidden" : object + " is forbidden") + ": User \"" + who.user() + "\" "
          + api.describe().replaceFirst(" \\(name \"[^\"]*\"\\)$", "");
      return status(403, "Forbidden", message, api);
    }
    String key = who + " " + api.verb() + " " + api.apiGroup() + "/" + api.combinedResource() + " ns=" + api.namespace();
    allowed.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    allowedSamples.putIfAbsent(key, api);
    if (api.resourceRequest() && api.verb().equals("create") && api.apiGroup().equals("authorization.k8s.io")) {
      if (api.resource().equals("selfsubjectrulesreviews")) return rulesReview(who, request.getUtf8Body());
      if (api.resource().equals("selfsubjectaccessreviews")) return accessReview(who, request.getUtf8Body());
    }
    return null;
  }

  /** Requests refused so far, in order. */
  public List<Decision> refusals() {
    return List.copyOf(refusals);
  }

  /** Fails with every refused request listed, if there was any. */
  public void assertNoRefusals() {
    if (!refusals.isEmpty()) {
      StringBuilder text = new StringBuilder(refusals.size() + " request(s) the RBAC rules refuse:");
      refusals.stream().map(Decision::toString).distinct().limit(50).forEach(r -> text.append("\n  ").append(r));
      throw new AssertionError(text.toString());
    }
  }

  /** How many requests {@code who} made that were authorized and match {@code which}. */
  public long allowedCount(Identity who, Predicate<ApiRequest> which) {
    long n = 0;
    for (Map.Entry<String, ApiRequest> e : allowedSamples.entrySet()) {
      if (e.getKey().startsWith(who + " ") && which.test(e.getValue())) n += allowed.get(e.getKey()).get();
    }
    return n;
  }

  /** The authorized requests so far, one line per kind of request with its count (for reports). */
  public List<String> allowedSummary() {
    List<String> lines = new ArrayList<>();
    allowed.forEach((k, v) -> lines.add(k + " x" + v.get()));
    lines.sort(null);
    return lines;
  }

  private MockResponse rulesReview(Identity who, String body) {
    ObjectNode review = parse(body);
    String namespace = review.path("spec").path("namespace").asText("");
    ObjectNode status = review.putObject("status");
    status.put("incomplete", false);
    var resourceRules = status.putArray("resourceRules");
    var nonResourceRules = status.putArray("nonResourceRules");
    for (PolicyRule rule : rbac.rules(who, namespace)) {
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        ObjectNode r = nonResourceRules.addObject();
        r.set("verbs", JSON.valueToTree(rule.getVerbs()));
        r.set("nonResourceURLs", JSON.valueToTree(rule.getNonResourceURLs()));
      } else {
        ObjectNode r = resourceRules.addObject();
        r.set("verbs", JSON.valueToTree(rule.getVerbs()));
        r.set("apiGroups", JSON.valueToTree(rule.getApiGroups()));
        r.set("resources", JSON.valueToTree(rule.getResources()));
        if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
          r.set("resourceNames", JSON.valueToTree(rule.getResourceNames()));
        }
      }
    }
    return json(201, review);
  }

  private MockResponse accessReview(Identity who, String body) {
    ObjectNode review = parse(body);
    JsonNode attributes = review.path("spec").path("resourceAttributes");
    JsonNode nonResource = review.path("spec").path("nonResourceAttributes");
    ApiRequest asked = attributes.isObject()
        ? new ApiRequest(true, attributes.path("verb").asText(""), attributes.path("group").asText(""),
            attributes.path("version").asText(""), attributes.path("resource").asText(""),
            attributes.path("subresource").asText(""), attributes.path("namespace").asText(""),
            attributes.path("name").asText(""), "")
        : new ApiRequest(false, nonResource.path("verb").asText(""), "", "", "", "", "", "", nonResource.path("path").asText(""));
    review.putObject("status").put("allowed", rbac.allows(who, asked));
    return json(201, review);
  }

  private static ObjectNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
      return node.isObject() ? (ObjectNode) node : JSON.createObjectNode();
    } catch (java.io.IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static MockResponse status(int code, String reason, String message, ApiRequest api) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason);
    if (api != null && api.resourceRequest()) {
      ObjectNode details = status.putObject("details");
      if (!api.name().isEmpty()) details.put("name", api.name());
      details.put("group", api.apiGroup()).put("kind", api.resource());
    }
    status.put("code", code);
    return json(code, status);
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body.toString());
  }
}
