package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A bare HTTP client (the JDK's, not the one under test) to check the simulator on its own. */
final class RawAiven {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI baseUrl;
  private final String authorization;

  RawAiven(URI baseUrl, String token) {
    this(baseUrl, token, "aivenv1");
  }

  RawAiven(URI baseUrl, String token, String scheme) {
    this.baseUrl = baseUrl;
    this.authorization = token == null ? null : scheme + " " + token;
  }

  record Answer(int status, JsonNode body, HttpHeaders headers) {
    String message() { return body.path("message").asText(null); }
  }

  Answer get(String path) { return send("GET", path, null); }

  Answer put(String path, String json) { return send("PUT", path, json); }

  Answer post(String path, String json) { return send("POST", path, json); }

  Answer delete(String path) { return send("DELETE", path, null); }

  Answer send(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) request.header("Authorization", authorization);
    if (json != null) request.header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()), response.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
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
