package dev.pgaudit.operator.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.pgaudit.testkit.aiven.Fault;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The token never shows up in log output, exception messages, toString() or what the observer hears. */
class AivenClientSecrecyTest extends ClientFixture {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level previousLevel;

  @BeforeEach
  void captureLogs() {
    previousLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void releaseLogs() {
    root.detachAppender(appender);
    root.setLevel(previousLevel);
  }

  @Test
  void tokenAppearsNowhereAcrossSuccessesFailuresAndRetries() throws Exception {
    List<Throwable> errors = new ArrayList<>();
    AivenClient impatient = client(fastConfig().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));

    client.getService(PROJECT, PG);
    client.getServiceWithSecrets(PROJECT, PG);
    sim.faults().inject(1, Fault.status(503)).inject(1, Fault.tooManyRequests(1)).inject(1, Fault.tooManyRequests());
    client.updatePgaudit(PROJECT, PG, Map.of("log_rows", true));
    sim.faults().inject(1, Fault.hang(Duration.ofMillis(800)));
    impatient.listServiceIntegrations(PROJECT, PG);
    ServiceIntegration created = client.createLogsIntegration(PROJECT, PG, PROJECT, OS, Map.of());
    client.updateIntegration(PROJECT, created.id(), Map.of());
    client.deleteIntegration(PROJECT, created.id());
    collect(errors, () -> client.getService(PROJECT, "pg-nope"));
    collect(errors, () -> client.updatePgaudit(PROJECT, PG, Map.of("log_level", "loud")));
    sim.faults().inject(10, Fault.status(502));
    collect(errors, () -> client.getService(PROJECT, PG));
    sim.faults().clear();
    collect(errors, () -> new AivenClient(fastConfig(), TOKEN + "-revoked", TOKEN_SOURCE).getService(PROJECT, PG));
    collect(errors, () -> unreachableClient().getService(PROJECT, PG));
    sim.revokeToken(TOKEN);
    collect(errors, () -> client.getService(PROJECT, PG));

    assertThat(errors).hasSize(6);
    for (Throwable e : errors) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
        assertThat(t.toString()).doesNotContain(TOKEN);
      }
    }
    List<String> logLines = appender.list.stream()
        .map(event -> event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .toList();
    assertThat(logLines).anyMatch(line -> line.contains("GET /project/{project}/service/{service} -> HTTP 200"));
    assertThat(logLines).anyMatch(line -> line.contains("retry 1 of 3"));
    assertThat(logLines).allSatisfy(line -> assertThat(line).doesNotContain(TOKEN).doesNotContain("s3cr3tPw"));
    assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(call.toString()).doesNotContain(TOKEN));
    assertThat(client.toString()).doesNotContain(TOKEN).contains(TOKEN_SOURCE);
  }

  @Test
  void echoedTokenIsScrubbedFromMessages() {
    AivenErrors errors = new AivenErrors(TOKEN_SOURCE, TOKEN);
    ApiCall call = ApiCall.get("/x", okhttp3.HttpUrl.get("http://127.0.0.1/x"), "read x", "x");

    AivenApiException e = errors.failure(call,
        new Exchange.Answered(400, "{\"message\": \"bad token aivenv1 " + TOKEN + "\"}", null), 1);

    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("bad token aivenv1 <redacted>");
    assertThat(e.aivenMessage()).doesNotContain(TOKEN);
  }

  @Test
  void connectionParamsToStringHidesThePassword() {
    assertThat(client.getServiceWithSecrets(PROJECT, PG).toString()).doesNotContain("s3cr3tPw");
  }

  private AivenClient unreachableClient() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    return client(fastConfig().withBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1")));
  }

  private interface Call0 {
    void run() throws Exception;
  }

  private static void collect(List<Throwable> errors, Call0 call) {
    try {
      call.run();
    } catch (Exception e) {
      errors.add(e);
    }
  }
}
