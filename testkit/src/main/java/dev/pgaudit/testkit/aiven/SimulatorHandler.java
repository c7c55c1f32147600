package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One HTTP request, start to end: log it, apply an injected fault if one matches, authenticate,
 * rate-limit, route, and answer in Aiven's JSON shape.
 */
final class SimulatorHandler implements HttpHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String basePath;
  private final SimState state;
  private final RequestLog log;
  private final FaultPlan faults;
  private final RateLimiter rateLimiter;
  private final SimulatorOptions options;
  private final ServiceEndpoints services;
  private final IntegrationEndpoints integrations;
  private final TypeEndpoints types;

  SimulatorHandler(String basePath, SimState state, RequestLog log, FaultPlan faults, RateLimiter rateLimiter,
      SimulatorOptions options) {
    this.basePath = basePath;
    this.state = state;
    this.log = log;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.options = options;
    JsonViews views = new JsonViews(state, options);
    this.services = new ServiceEndpoints(state, options, views);
    this.integrations = new IntegrationEndpoints(state, options, views);
    this.types = new TypeEndpoints(state);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase();
    String rawPath = exchange.getRequestURI().getRawPath();
    Routes.Match route = rawPath.startsWith(basePath + "/") ? Routes.match(rawPath.substring(basePath.length())) : null;
    String rawQuery = exchange.getRequestURI().getRawQuery();
    boolean withSecrets = rawQuery != null && java.util.Arrays.asList(rawQuery.split("&")).contains("include_secrets=true");
    RequestLog.Slot slot = log.arrived(method, route == null ? rawPath : route.template(), rawPath, withSecrets);
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Reply reply;
    try {
      String relative = rawPath.startsWith(basePath + "/") ? rawPath.substring(basePath.length()) : rawPath;
      Optional<Fault> fault = faults.take(method, route == null ? rawPath : route.template(), relative);
      reply = fault.isPresent()
          ? withFault(fault.get(), () -> serve(exchange, method, route, body))
          : serve(exchange, method, route, body);
    } catch (RuntimeException e) {
      reply = Reply.error(new ApiError(500, "Internal server error", "internal_server_error"));
    }
    slot.status = reply.status();
    send(exchange, reply);
  }

  private Reply withFault(Fault fault, java.util.function.Supplier<Reply> serve) {
    if (fault instanceof Fault.Status s) return Reply.error(serverError(s.status()));
    if (fault instanceof Fault.TooManyRequests t) return tooManyRequests(t.retryAfterSeconds());
    if (fault instanceof Fault.Hang h) {
      if (!sleep(h.delay())) return Reply.error(serverError(503));
      return h.thenProcess() ? serve.get() : Reply.error(serverError(504));
    }
    Fault.FailAfterProcessing f = (Fault.FailAfterProcessing) fault;
    serve.get();
    return Reply.error(serverError(f.status()));
  }

  private Reply serve(HttpExchange exchange, String method, Routes.Match route, byte[] body) {
    try {
      String token = token(exchange.getRequestHeaders().getFirst("Authorization"));
      SimState.TokenGrant grant = state.grant(token);
      if (grant == null) throw ApiError.unauthenticated();
      OptionalLong wait = rateLimiter.acquire(token, System.nanoTime());
      if (wait.isPresent()) {
        long seconds = Math.max(1, (long) Math.ceil(wait.getAsLong() / 1e9));
        return tooManyRequests(options.rateLimitSendsRetryAfter() ? (int) seconds : null);
      }
      if (route == null) throw new ApiError(404, "Not Found", null);
      String project = route.param("project");
      if (project != null && !grant.mayAccess(project)) throw ApiError.forbidden("Permission denied");
      SimRequest request = new SimRequest(method, route, query(exchange.getRequestURI().getRawQuery()), json(body),
          grant);
      synchronized (state) {
        return dispatch(request);
      }
    } catch (ApiError e) {
      return Reply.error(e);
    }
  }

  private Reply dispatch(SimRequest r) {
    String key = r.method() + " " + r.route().template();
    return switch (key) {
      case "GET " + Routes.SERVICES -> services.list(r);
      case "GET " + Routes.SERVICE -> services.get(r);
      case "PUT " + Routes.SERVICE -> services.update(r);
      case "GET " + Routes.SERVICE_INTEGRATIONS -> integrations.listForService(r);
      case "POST " + Routes.INTEGRATIONS -> integrations.create(r);
      case "GET " + Routes.INTEGRATION -> integrations.get(r);
      case "PUT " + Routes.INTEGRATION -> integrations.update(r);
      case "DELETE " + Routes.INTEGRATION -> integrations.delete(r);
      case "GET " + Routes.SERVICE_TYPE -> types.serviceType(r);
      case "GET " + Routes.PROJECT_SERVICE_TYPES, "GET " + Routes.SERVICE_TYPES -> types.serviceTypes(r);
      case "GET " + Routes.INTEGRATION_TYPES -> types.integrationTypes(r);
      default -> throw new ApiError(405, "Method Not Allowed", null);
    };
  }

  /** Aiven's real 429 body (Terraform provider issue #575); Retry-After only when asked for. */
  static Reply tooManyRequests(Integer retryAfterSeconds) {
    String message = "The user has sent too many requests in a given amount of time: Rate limit 120 exceeded"
        + " - try again in " + (retryAfterSeconds == null ? 28 : retryAfterSeconds) + "s";
    Map<String, String> headers = retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", retryAfterSeconds.toString());
    return new Reply(429, ApiError.body(429, message, null), headers);
  }

  private static ApiError serverError(int status) {
    String message = switch (status) {
      case 500 -> "Internal server error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service temporarily unavailable";
      case 504 -> "Gateway timeout";
      default -> "Error " + status;
    };
    return new ApiError(status, message, status == 500 ? "internal_server_error" : null);
  }

  /** "aivenv1 <t>" or "Bearer <t>"; the scheme is matched case-insensitively (unconfirmed, so lenient). */
  private static String token(String header) {
    if (header == null) return null;
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2) return null;
    return parts[0].equalsIgnoreCase("aivenv1") || parts[0].equalsIgnoreCase("bearer") ? parts[1] : null;
  }

  private static JsonNode json(byte[] body) {
    if (body.length == 0) return null;
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiError.badRequest("Invalid JSON in request body");
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) return query;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void send(HttpExchange exchange, Reply reply) {
    try (exchange) {
      byte[] bytes = MAPPER.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException clientGone) {
      // The client gave up (e.g. its read timeout passed during a hang): nothing to answer.
    }
  }
}
