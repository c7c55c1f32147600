package dev.pgaudit.testkit.rbac;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an HTTP request to the Kubernetes API asks for, in the terms RBAC decides on: the attributes
 * kube-apiserver's RequestInfoFactory (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go)
 * derives from the method and the path. GET on a collection is list, or watch with ?watch=true;
 * a collection's list/watch names an object when its fieldSelector pins metadata.name; DELETE on a
 * collection is deletecollection; /api/v1/namespaces/x is the namespace x in namespace x.
 *
 * @param resourceRequest false for discovery and other non-resource paths (then only verb and path count)
 * @param apiGroup "" for the core group
 * @param namespace "" for cluster-scoped requests and requests across all namespaces
 * @param name "" when the request names no object
 * @param path the URL path without the query
 */
public record ApiRequest(boolean resourceRequest, String verb, String apiGroup, String apiVersion, String resource,
    String subresource, String namespace, String name, String path) {

  private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** @param pathAndQuery the request target, e.g. {@code /apis/coordination.k8s.io/v1/namespaces/ns/leases/x?timeout=10s} */
  public static ApiRequest of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String methodVerb = method.toLowerCase(Locale.ROOT);
    ApiRequest nonResource = new ApiRequest(false, methodVerb, "", "", "", "", "", "", path);

    List<String> parts = split(path);
    if (parts.size() < 3 || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) return nonResource;
    boolean groupless = parts.get(0).equals("api");
    parts = parts.subList(1, parts.size());
    String group = "";
    if (!groupless) {
      if (parts.size() < 3) return nonResource; // /apis/{group}/{version}: discovery
      group = parts.get(0);
      parts = parts.subList(1, parts.size());
    }
    String version = parts.get(0);
    parts = parts.subList(1, parts.size());

    String verb;
    if (SPECIAL_VERBS.contains(parts.get(0))) {
      if (parts.size() < 2) throw new IllegalArgumentException("no kind and namespace in " + path);
      verb = parts.get(0);
      parts = parts.subList(1, parts.size());
    } else {
      verb = switch (method.toUpperCase(Locale.ROOT)) {
        case "POST" -> "create";
        case "GET", "HEAD" -> "get";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> "delete";
        default -> "";
      };
    }

    String namespace = "";
    if (parts.get(0).equals("namespaces")) {
      if (parts.size() > 1) {
        namespace = parts.get(1);
        if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) parts = parts.subList(2, parts.size());
      }
    }

    String resource = parts.get(0);
    String name = parts.size() >= 2 ? parts.get(1) : "";
    String subresource = parts.size() >= 3 && !verb.equals("proxy") ? parts.get(2) : "";

    if (name.isEmpty() && verb.equals("get")) {
      List<String> watch = queryValues(query, "watch");
      verb = watch.isEmpty() || watch.get(0).equalsIgnoreCase("false") || watch.get(0).equals("0") ? "list" : "watch";
      name = exactName(queryValues(query, "fieldSelector"));
    }
    if (name.isEmpty() && verb.equals("delete")) verb = "deletecollection";
    return new ApiRequest(true, verb, group, version, resource, subresource, namespace, name, path);
  }

  /** The resource as RBAC rules name it: {@code pgauditpolicies/status} for a subresource. */
  public String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** In the words of kube-apiserver's Forbidden message, e.g. {@code cannot patch resource "leases" in API group "coordination.k8s.io" in the namespace "ns"}. */
  public String describe() {
    if (!resourceRequest) return "cannot " + verb + " path \"" + path + "\"";
    String where = namespace.isEmpty() ? "at the cluster scope" : "in the namespace \"" + namespace + "\"";
    return "cannot " + verb + " resource \"" + combinedResource() + "\" in API group \"" + apiGroup + "\" " + where
        + (name.isEmpty() ? "" : " (name \"" + name + "\")");
  }

  /** A field selector pins the name when one of its terms is metadata.name=x or metadata.name==x (RequiresExactMatch). */
  private static String exactName(List<String> selectors) {
    if (selectors.isEmpty()) return "";
    for (String term : selectors.get(0).split(",")) {
      String t = term.trim();
      for (String op : List.of("==", "=")) {
        if (t.startsWith("metadata.name" + op)) {
          String value = t.substring(("metadata.name" + op).length());
          // kube-apiserver takes the name only when it is a valid path segment
          if (!value.isEmpty() && !value.equals(".") && !value.equals("..") && !value.contains("/") && !value.contains("%")) {
            return value;
          }
          return "";
        }
      }
    }
    return "";
  }

  private static List<String> queryValues(String query, String key) {
    List<String> values = new ArrayList<>();
    if (query.isEmpty()) return values;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (k.equals(key)) values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return values;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static List<String> split(String path) {
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/"));
  }
}
