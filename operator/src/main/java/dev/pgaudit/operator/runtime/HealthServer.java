package dev.pgaudit.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves GET /healthz (liveness), /readyz (readiness) and /metrics (Prometheus text) on the JDK's
 * built-in HTTP server: no extra dependency, and nothing here needs more.
 */
public final class HealthServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

  /** A probe's answer; {@code detail} is the one-line body, e.g. "ok" or why not. */
  public record Check(boolean passing, String detail) {
    public static Check ok() { return new Check(true, "ok"); }
    public static Check failing(String why) { return new Check(false, why); }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds all interfaces on {@code port} (0 = any free port) and starts serving. */
  public static HealthServer start(int port, Supplier<Check> liveness, Supplier<Check> readiness, Supplier<String> metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/healthz", exchange -> probe(exchange, liveness));
    server.createContext("/readyz", exchange -> probe(exchange, readiness));
    server.createContext("/metrics", exchange -> {
      if (!accept(exchange)) return;
      respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
    });
    server.createContext("/", exchange -> respond(exchange, 404, PLAIN_TEXT, "not found; try /healthz, /readyz or /metrics\n"));
    server.start();
    log.info("serving /healthz, /readyz and /metrics on port {}", server.getAddress().getPort());
    return new HealthServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void probe(HttpExchange exchange, Supplier<Check> check) throws IOException {
    if (!accept(exchange)) return;
    Check result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      result = Check.failing("check failed: " + e.getClass().getSimpleName());
    }
    respond(exchange, result.passing() ? 200 : 503, PLAIN_TEXT, result.detail() + "\n");
  }

  /** Only GET and HEAD, and only the exact path: contexts match by prefix, and /healthzfoo is not /healthz. */
  private static boolean accept(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
      respond(exchange, 404, PLAIN_TEXT, "not found\n");
      return false;
    }
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) return true;
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(exchange, 405, PLAIN_TEXT, "method not allowed\n");
    return false;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
