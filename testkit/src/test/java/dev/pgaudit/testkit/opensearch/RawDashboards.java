package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bare HTTP client (the JDK's) to check the stand-in on its own; headers are set per request. */
final class RawDashboards {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  RawDashboards(URI base, String user, String password) {
    this.base = base;
    if (user != null) {
      headers.put("Authorization", "Basic "
          + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** A copy with one more header on every request. */
  RawDashboards with(String name, String value) {
    RawDashboards copy = new RawDashboards(base, null, null);
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    return copy;
  }

  record Answer(int status, JsonNode body) {
    String message() { return body.path("message").asText(null); }
  }

  Answer get(String path) { return send("GET", path, null); }

  Answer post(String path, String json) { return send("POST", path, json); }

  Answer put(String path, String json) { return send("PUT", path, json); }

  Answer delete(String path) { return send("DELETE", path, null); }

  Answer send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    if (json != null) request.header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Single quotes → double quotes, to keep JSON in tests readable. */
  static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
