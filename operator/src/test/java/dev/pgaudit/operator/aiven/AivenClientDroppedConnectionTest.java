package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server (or load balancer) that drops idle keep-alive connections, as the Aiven simulator's
 * HTTP server does after 30 s: the next request on the pooled connection breaks, and the client
 * retries it at once on a new connection instead of backing off for seconds.
 */
class AivenClientDroppedConnectionTest {
  static final String BODY = "{\"service\":{\"service_name\":\"pg-1\",\"service_type\":\"pg\",\"state\":\"RUNNING\","
      + "\"user_config\":{\"pg_version\":\"16\"}}}";

  ServerSocket server;
  Thread acceptor;
  final List<Duration> retryWaits = new CopyOnWriteArrayList<>();
  final List<Integer> statuses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "dropping-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Answers one request per connection, announcing keep-alive, then drops the connection. */
  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          // request line and headers; GET has no body
        }
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
            + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(body);
        out.flush();
      } catch (Exception e) {
        // closed by the test, or the client went away
      }
    }
  }

  private AivenClient client() {
    return client(AivenClientConfig.defaults(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1")));
  }

  private AivenClient client(AivenClientConfig defaults) {
    AivenClientConfig config = defaults
        .withObserver(new AivenClientConfig.CallObserver() {
          @Override public void onCall(String method, String pathTemplate, int status, Duration took) { statuses.add(status); }
          @Override public void onRetryWait(String method, String pathTemplate, Duration wait) { retryWaits.add(wait); }
        });
    return new AivenClient(config, "tok-dropped-connection", "test");
  }

  @Test
  void aRequestOnADroppedKeepAliveConnectionIsRetriedAtOnce() {
    AivenClient client = client();
    assertThat(client.getService("acme", "pg-1").state()).isEqualTo("RUNNING");

    // OkHttp reuses the pooled connection the server has closed meanwhile.
    for (int i = 0; i < 3; i++) assertThat(client.getService("acme", "pg-1").name()).isEqualTo("pg-1");

    assertThat(statuses).contains(-1); // at least one request broke on a dropped connection
    // retried at once: the default back-off would wait 2 s or more
    assertThat(retryWaits).isNotEmpty().allSatisfy(w -> assertThat(w).isZero());
  }

  @Test
  void theRetryDoesNotPickTheNextDroppedConnectionFromThePool() throws Exception {
    // Fast back-off: the warm-up below may itself meet dropped connections; only the last call is judged.
    AivenClient client = client(AivenClientConfig.defaults(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1"))
        .withRetries(6, Duration.ofMillis(10), Duration.ofMillis(50)));
    // Several calls at once leave several pooled connections, all of which the server drops.
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var calls = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < 4; i++) calls.add(pool.submit(() -> client.getService("acme", "pg-1")));
      for (var call : calls) call.get();
    } finally {
      pool.shutdownNow();
    }
    retryWaits.clear();
    statuses.clear();

    assertThat(client.getService("acme", "pg-1").name()).isEqualTo("pg-1");

    assertThat(statuses).containsExactly(-1, 200); // one broken attempt, then a new connection
    assertThat(retryWaits).containsExactly(Duration.ZERO);
  }
}
