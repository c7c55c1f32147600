package dev.pgaudit.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fabric8's CRUD store with the rules of a real API server that the operator can run into:
 * <ul>
 *   <li>a write whose resulting object is over etcd's request limit (1.5 MiB,
 *       {@code --max-request-bytes}) is refused, and nothing is stored, as kube-apiserver answers
 *       it: 500, no reason, message "etcdserver: request is too large" (the etcd error is not a
 *       metav1.Status, so responsewriters.ErrorToAPIStatus makes it an internal error);</li>
 *   <li>a request body over 3 MiB (kube-apiserver's MaxRequestBodyBytes) gets 413
 *       RequestEntityTooLarge before anything is decoded;</li>
 *   <li>a created object's name must be a DNS subdomain (at most 253 characters of [a-z0-9.-]),
 *       except core/v1 Events and RBAC objects, where kube-apiserver only checks it as a path
 *       segment.</li>
 * </ul>
 * Sizes are of the JSON the store keeps: custom resources are stored in etcd as JSON. Used by the
 * operator tests' mock API server and by the embedded Kubernetes of this kit; its store is indexed
 * ({@link IndexedCrudDispatcher}).
 */
public class ApiServerRules extends IndexedCrudDispatcher {
  public static final int ETCD_MAX_REQUEST_BYTES = 1_572_864;
  public static final int MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
  static final String TOO_LARGE = "etcdserver: request is too large";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern PATH_SEGMENT_ONLY =
      Pattern.compile("^/api/v1/(namespaces/[^/]+/)?events(\\?.*)?$|^/apis/rbac\\.authorization\\.k8s\\.io/");

  /** Thrown inside the store's write lock, before anything is stored; answered as etcd's refusal. */
  private static final class TooLarge extends RuntimeException {
    TooLarge() {
      super(TOO_LARGE, null, false, false);
    }
  }

  public ApiServerRules(List<CustomResourceDefinitionContext> crds) {
    super(crds);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    if ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)) {
      byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
      if (body.length > MAX_REQUEST_BODY_BYTES) {
        return status(413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_REQUEST_BODY_BYTES);
      }
      if ("POST".equals(method)) {
        String invalid = invalidName(request.getPath(), body);
        if (invalid != null) return status(422, "Invalid", invalid);
      }
    }
    return super.dispatch(request);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    try {
      return super.handleCreate(request);
    } catch (TooLarge e) {
      return status(500, null, TOO_LARGE);
    }
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    try {
      return super.handleUpdate(request);
    } catch (TooLarge e) {
      return status(500, null, TOO_LARGE);
    }
  }

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    try {
      return super.handlePatch(request);
    } catch (TooLarge e) {
      return status(500, null, TOO_LARGE);
    } catch (JsonPatchException e) {
      // A JSON patch computed against an older copy (e.g. removing a condition another write
      // already removed): kube-apiserver answers 422; the mock server would leave it unanswered.
      return status(422, "Invalid", "the server rejected our request due to an error in our request: " + e.getMessage());
    }
  }

  /** Every write ends here with the object to store: refuse it before the store changes. */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    if (newState != null && newState.getBytes(StandardCharsets.UTF_8).length > ETCD_MAX_REQUEST_BYTES) {
      throw new TooLarge();
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
  }

  private static String invalidName(String path, byte[] body) {
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (IOException e) {
      return null; // the store answers a body it cannot read itself
    }
    if (object == null) return null;
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty()) return null; // generateName, or the store's own "name is required"
    String kind = object.path("kind").asText("Object");
    if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
      return kind + " \"" + name + "\" is invalid: metadata.name: Invalid value: \"" + name
          + "\": may not be '.' or '..' and may not contain '/' or '%'";
    }
    if (PATH_SEGMENT_ONLY.matcher(path == null ? "" : path).find()) return null;
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      return kind + " \"" + name + "\" is invalid: metadata.name: Invalid value: \"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
          + " and must start and end with an alphanumeric character (at most 253 characters)";
    }
    return null;
  }

  private static MockResponse status(int code, String reason, String message) {
    var status = JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message);
    if (reason != null) status.put("reason", reason);
    status.put("code", code);
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(status.toString());
  }
}
