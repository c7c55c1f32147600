package dev.pgaudit.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real operator as a process of its own (java -jar operator/target/pgaudit-operator.jar, or
 * its main class on a given class path), so that its heap, RSS and startup time are its own.
 * It is configured only through the runtime contract's environment variables and a kubeconfig.
 */
final class OperatorProcess implements AutoCloseable {
  /** JVM flags of the container image (see Dockerfile), minus the container-relative heap size. */
  static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

  /** How to start the operator: the runnable jar, or a class path with the main class. */
  record Launch(Path jar, String classPath, List<String> jvmFlags) {
    List<String> command() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      if (jar != null) {
        command.addAll(List.of("-jar", jar.toString()));
      } else {
        command.addAll(List.of("-cp", classPath, "dev.pgaudit.operator.PgAuditOperatorMain"));
      }
      return command;
    }

    /** The same launch with more JVM flags after the given ones (a later -Xmx wins). */
    Launch withJvmFlags(List<String> more) {
      List<String> flags = new ArrayList<>(jvmFlags);
      flags.addAll(more);
      return new Launch(jar, classPath, List.copyOf(flags));
    }

    String describe() {
      return (jar != null ? "java -jar " + jar.getFileName() : "java -cp … PgAuditOperatorMain")
          + (jvmFlags.isEmpty() ? "" : " " + String.join(" ", jvmFlags));
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int httpPort;
  private final Path logFile;
  private final Duration startupToReady;

  private OperatorProcess(Process process, int httpPort, Path logFile, Duration startupToReady) {
    this.process = process;
    this.httpPort = httpPort;
    this.logFile = logFile;
    this.startupToReady = startupToReady;
  }

  /** Starts the process and returns once /readyz answers 200 (informers synced). */
  static OperatorProcess start(Launch launch, Map<String, String> env, Path logFile, Duration timeout) {
    int port = Ports.free();
    ProcessBuilder builder = new ProcessBuilder(launch.command());
    builder.environment().keySet().removeIf(k -> k.startsWith("PGAUDIT_") || k.startsWith("KUBERNETES_"));
    builder.environment().putAll(env);
    builder.environment().put("PGAUDIT_HTTP_PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
    long begin = System.nanoTime();
    Process process;
    try {
      Files.createDirectories(logFile.getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator: " + String.join(" ", launch.command()), e);
    }
    long deadline = begin + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue() + " before it was ready; see " + logFile);
      }
      if (status(port, "/readyz") == 200) break;
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("the operator was not ready within " + timeout + "; see " + logFile);
      }
      pause(10);
    }
    return new OperatorProcess(process, port, logFile, Duration.ofNanos(System.nanoTime() - begin));
  }

  Duration startupToReady() { return startupToReady; }

  long pid() { return process.pid(); }

  Path logFile() { return logFile; }

  PromMetrics metrics() {
    try {
      HttpResponse<String> response = HTTP.send(request("/metrics"), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) throw new IllegalStateException("/metrics answered " + response.statusCode());
      return new PromMetrics(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape the operator's /metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Heap in use (all heap pools), from the operator's own jvm_memory_used_bytes. */
  long heapUsedBytes() {
    return (long) metrics().sum("jvm_memory_used_bytes", Map.of("area", "heap"));
  }

  /** Resident set size and its peak, from /proc/PID/status (bytes; -1 where /proc is missing). */
  long[] rssAndPeakBytes() {
    try {
      long rss = -1;
      long peak = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) rss = kiloBytes(line);
        if (line.startsWith("VmHWM:")) peak = kiloBytes(line);
      }
      return new long[] {rss, peak};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  /** Asks the JVM for a full GC (jcmd), so the heap shows what is live; false when jcmd is missing. */
  boolean fullGc() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) return false;
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static final java.util.regex.Pattern RETRY_LINE = java.util.regex.Pattern.compile("; retry \\d+ of \\d+ in (\\d+) ms");

  /**
   * Seconds the Aiven client announced it would wait before retries ("… retry 1 of 6 in 2643 ms"),
   * summed over the log so far: the back-off of operators that do not export it as a metric.
   */
  double retryWaitFromLog() {
    try (var lines = Files.lines(logFile)) {
      return lines.map(RETRY_LINE::matcher).filter(java.util.regex.Matcher::find)
          .mapToLong(m -> Long.parseLong(m.group(1))).sum() / 1000.0;
    } catch (IOException | java.io.UncheckedIOException e) {
      return Double.NaN;
    }
  }

  /** SIGTERM (graceful stop), then a kill if it does not end within 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build();
  }

  private static int status(int port, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long kiloBytes(String line) {
    String[] parts = line.trim().split("\\s+");
    return Long.parseLong(parts[1]) * 1024;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
