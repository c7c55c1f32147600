package dev.pgaudit.testkit.aiven;

import dev.pgaudit.testkit.postgres.PgLogin;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone:
 * {@code --port 8090 --token T --project P --pg NAME=postgres://user:pw@host:5432/db?sslmode=disable
 * --pg-version 16 --opensearch NAME}. Options apply in order; --pg-version affects later --pg.
 */
final class AivenSimulatorMain {
  private AivenSimulatorMain() {}

  static void run(String[] args) {
    AivenSimulator simulator = configure(args);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    System.out.println("Aiven simulator listening on " + simulator.baseUrl());
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a simulator set up as the arguments say. */
  static AivenSimulator configure(String[] args) {
    if (args.length % 2 != 0) throw new IllegalArgumentException("options come in pairs: --name value");
    int port = 8090;
    for (int i = 0; i < args.length - 1; i++) if (args[i].equals("--port")) port = Integer.parseInt(args[i + 1]);
    AivenSimulator simulator = AivenSimulator.start(port, new SimulatorOptions());
    String project = "demo";
    String pgVersion = "16";
    for (int i = 0; i < args.length - 1; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> { }
        case "--token" -> simulator.addToken(value);
        case "--project" -> simulator.addProject(project = value);
        case "--pg-version" -> pgVersion = value;
        case "--pg" -> {
          int eq = value.indexOf('=');
          simulator.addPgService(project, value.substring(0, eq), pgVersion, parse(value.substring(eq + 1)));
        }
        case "--opensearch" -> simulator.addOpenSearchService(project, value);
        default -> {
          simulator.close();
          throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    }
    return simulator;
  }

  /** postgres://user:password@host:port/dbname?sslmode=mode */
  static PgLogin parse(String uri) {
    URI u = URI.create(uri);
    String[] userInfo = u.getRawUserInfo() == null ? new String[] {"avnadmin", ""} : u.getRawUserInfo().split(":", 2);
    String sslmode = "require";
    if (u.getQuery() != null) {
      for (String pair : u.getQuery().split("&")) if (pair.startsWith("sslmode=")) sslmode = pair.substring(8);
    }
    return new PgLogin(u.getHost(), u.getPort() < 0 ? 5432 : u.getPort(), decode(userInfo[0]),
        userInfo.length > 1 ? decode(userInfo[1]) : null, u.getPath().replaceFirst("^/", ""), sslmode);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
