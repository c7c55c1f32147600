package dev.pgaudit.operator.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaudit.operator.aiven.DashboardsAccess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The gateway to one OpenSearch Dashboards (opensearch.md §3): HTTP Basic with the credentials the
 * Aiven API gave, {@code osd-xsrf} on every request (required on all but GET/HEAD; harmless there),
 * and {@code securitytenant: global} always, so the objects are shared whatever the default tenant.
 * One request per call, no retries: the reconcile runs again. Never logs; messages name the URL
 * without credentials.
 */
public final class DashboardsClient {
  public static final String TENANT_HEADER = "securitytenant";
  public static final String GLOBAL_TENANT = "global";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final OkHttpClient ROOT = new OkHttpClient.Builder().followRedirects(false).build();

  private final OkHttpClient http;
  private final HttpUrl base;
  private final String authorization;
  private final String where;

  public DashboardsClient(DashboardsAccess access, Duration connectTimeout, Duration readTimeout) {
    this.http = ROOT.newBuilder().connectTimeout(connectTimeout).readTimeout(readTimeout).writeTimeout(readTimeout).build();
    this.base = HttpUrl.get(access.baseUri().toString());
    this.authorization = Credentials.basic(access.user(), access.password(), java.nio.charset.StandardCharsets.UTF_8);
    this.where = "OpenSearch Dashboards at " + access.baseUri();
  }

  /** GET /api/saved_objects/{type}/{id}; empty on 404. */
  public Optional<SavedObject> get(String type, String id) {
    Answer a = send("GET", objectUrl(type, id).build(), null);
    if (a.status == 404) return Optional.empty();
    return Optional.of(SavedObject.of(a.ok("read " + type + " " + id)));
  }

  /** POST /api/saved_objects/{type}/{id} without overwrite: 409 (it exists) is a CONFLICT. */
  public SavedObject create(String type, String id, ObjectNode attributes, ArrayNode references) {
    ObjectNode body = JSON.createObjectNode();
    body.set("attributes", attributes);
    if (references != null) body.set("references", references);
    return SavedObject.of(send("POST", objectUrl(type, id).build(), body).ok("create " + type + " " + id));
  }

  /** PUT /api/saved_objects/{type}/{id} with the version read: 409 (changed meanwhile) is a CONFLICT. */
  public void update(String type, String id, String version, ObjectNode attributes, ArrayNode references) {
    ObjectNode body = JSON.createObjectNode();
    body.set("attributes", attributes);
    if (version != null) body.put("version", version);
    if (references != null) body.set("references", references);
    send("PUT", objectUrl(type, id).build(), body).ok("update " + type + " " + id);
  }

  /** DELETE /api/saved_objects/{type}/{id}; false when it was not there (404). */
  public boolean delete(String type, String id) {
    Answer a = send("DELETE", objectUrl(type, id).build(), null);
    if (a.status == 404) return false;
    a.ok("delete " + type + " " + id);
    return true;
  }

  /** The index patterns whose title is exactly {@code title} (_find searches words; the match is checked here). */
  public List<SavedObject> indexPatternsTitled(String title) {
    HttpUrl url = base.newBuilder().addPathSegments("api/saved_objects/_find")
        .addQueryParameter("type", "index-pattern").addQueryParameter("search_fields", "title")
        .addQueryParameter("search", "\"" + title + "\"").addQueryParameter("per_page", "100").build();
    List<SavedObject> found = new ArrayList<>();
    send("GET", url, null).ok("find index patterns titled " + title).path("saved_objects")
        .forEach(o -> found.add(SavedObject.of(o)));
    return found.stream().filter(o -> title.equals(o.text("title"))).toList();
  }

  /** GET _fields_for_wildcard as "Refresh field list" calls it; empty on 404 no_matching_indices (no index yet). */
  public Optional<ArrayNode> fieldsFor(String pattern, List<String> metaFields) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments("api/index_patterns/_fields_for_wildcard")
        .addQueryParameter("pattern", pattern);
    metaFields.forEach(m -> url.addQueryParameter("meta_fields", m));
    Answer a = send("GET", url.build(), null);
    if (a.status == 404 && "no_matching_indices".equals(a.body.path("attributes").path("code").asText())) return Optional.empty();
    JsonNode fields = a.ok("read the field list of " + pattern).path("fields");
    return Optional.of(fields.isArray() ? (ArrayNode) fields : JSON.createArrayNode());
  }

  public String where() { return where; }

  private HttpUrl.Builder objectUrl(String type, String id) {
    return base.newBuilder().addPathSegments("api/saved_objects").addPathSegment(type).addPathSegment(id);
  }

  private Answer send(String method, HttpUrl url, JsonNode body) {
    Request.Builder request = new Request.Builder().url(url)
        .header("Authorization", authorization)
        .header("osd-xsrf", "true")
        .header(TENANT_HEADER, GLOBAL_TENANT)
        .header("Accept", "application/json");
    request.method(method, body == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0], JSON_TYPE))
        : RequestBody.create(body.toString(), JSON_TYPE));
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      JsonNode json;
      try {
        json = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
      } catch (IOException notJson) {
        json = JSON.createObjectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
      }
      return new Answer(response.code(), json);
    } catch (IOException e) {
      throw new DashboardsException(DashboardsException.Kind.UNREACHABLE, -1,
          where + " did not answer (" + e.getClass().getSimpleName() + ")");
    }
  }

  private final class Answer {
    final int status;
    final JsonNode body;

    Answer(int status, JsonNode body) {
      this.status = status;
      this.body = body;
    }

    /** The body of a 2xx; otherwise the failure, by kind. */
    JsonNode ok(String what) {
      if (status >= 200 && status < 300) return body;
      String message = body.path("message").asText("");
      String text = where + " refused to " + what + " (HTTP " + status + (message.isEmpty() ? "" : ": " + message) + ")";
      DashboardsException.Kind kind;
      if (message.toLowerCase().contains("tenant")) kind = DashboardsException.Kind.TENANT;
      else if (status == 401 || status == 403) kind = DashboardsException.Kind.UNAUTHORIZED;
      else if (status == 409) kind = DashboardsException.Kind.CONFLICT;
      else if (status >= 500) kind = DashboardsException.Kind.UNREACHABLE;
      else kind = DashboardsException.Kind.OTHER;
      throw new DashboardsException(kind, status, text);
    }
  }
}
