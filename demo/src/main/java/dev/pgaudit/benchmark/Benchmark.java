package dev.pgaudit.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark (bin/benchmark): runs the real operator process against the embedded Kubernetes
 * API, the rate-limited Aiven simulator and PostgreSQL + pgaudit at several sizes, and writes what
 * it measured to docs/benchmark.md. Not a test: it asserts nothing, it reports.
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) {
    Path root = RepoFiles.root();
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args, root);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      if (options.unrelatedSecrets() > 0) runSecrets(options, System.out);
      else if (options.largeScope() != null) runLargeScope(options, System.out);
      else run(options, System.out);
    } catch (RuntimeException e) {
      System.err.println("benchmark failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** Runs every workload and writes the report; returns its results. */
  static List<Results.Workload> run(BenchmarkOptions options, PrintStream out) {
    requireJar(options);
    Progress progress = new Progress(out);
    Instant started = Instant.now();
    double load = Machine.loadAverage();
    long begin = System.nanoTime();
    List<Results.Workload> results = new ArrayList<>();
    for (Workload workload : options.workloads()) results.add(new WorkloadRun(workload, options, progress).run());
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    String report = new MarkdownReport(options, results, started, took, load, baselineSummary(options)).render();
    write(options.output(), report);
    progress.say("wrote %s (whole run %s)", options.output(), Format.seconds(took));
    out.println(MarkdownReport.summaryOf(report));
    return results;
  }

  /** Only the Secrets part ({@link SecretsRun}); writes its own report, never the workloads' one. */
  static SecretsRun.Measured runSecrets(BenchmarkOptions options, PrintStream out) {
    requireJar(options);
    Progress progress = new Progress(out);
    Instant started = Instant.now();
    double load = Machine.loadAverage();
    long begin = System.nanoTime();
    SecretsRun.Measured measured = new SecretsRun(options, progress).run();
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    write(options.output(), new SecretsReport(options, measured, started, took, load).render());
    progress.say("wrote %s (whole run %s)", options.output(), Format.seconds(took));
    return measured;
  }

  /** Only the large-scope part ({@link LargeScopeRun}); writes its own report. */
  static LargeScopeRun.Measured runLargeScope(BenchmarkOptions options, PrintStream out) {
    requireJar(options);
    Progress progress = new Progress(out);
    Instant started = Instant.now();
    double load = Machine.loadAverage();
    LargeScopeRun.Measured m = new LargeScopeRun(options, progress).run();
    write(options.output(), LargeScopeRun.report(m, started, load, options.note()));
    progress.say("wrote %s", options.output());
    return m;
  }

  private static void requireJar(BenchmarkOptions options) {
    if (options.operatorJar() != null && !Files.isRegularFile(options.operatorJar())) {
      throw new IllegalStateException(options.operatorJar() + " does not exist; build it first: "
          + "./mvnw -DskipTests package -pl demo -am");
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String baselineSummary(BenchmarkOptions options) {
    if (options.baseline() == null) return null;
    try {
      return MarkdownReport.summaryOf(Files.readString(options.baseline()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the baseline " + options.baseline(), e);
    }
  }
}
