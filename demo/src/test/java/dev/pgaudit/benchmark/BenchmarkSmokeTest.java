package dev.pgaudit.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness end to end at its smallest size (10 policies on 1 service, 5 changes, a
 * 20 s resync): the operator runs as a process of its own (its main class on this test's class
 * path), and the report comes out with the figures the steady state must show.
 *
 * <p>The resync period is the benchmark's own least (see WorkloadRun#autoResyncPeriod): a round of
 * resyncs repeats the restarted operator's sweep one period later, so it fits one observation window
 * (one project read) only while the sweep is shorter than the period. With 3 s, a sweep slowed to
 * several seconds on a loaded machine spread the round over several windows (9 reads at load 28).
 */
class BenchmarkSmokeTest {

  @Test
  void theSmallestWorkloadRunsAndIsReported(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("benchmark.md");
    BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
        "--sizes", "10x1", "--changes", "5", "--resync", "20s",
        "--output", report.toString(), "--work-dir", dir.resolve("work").toString()}, RepoFiles.root())
        .withOperatorClassPath(System.getProperty("java.class.path"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    List<Results.Workload> results = Benchmark.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));

    Results.Workload r = results.get(0);
    assertThat(r.convergence().perPolicy().count()).isEqualTo(10);
    assertThat(r.changes().latency().count()).isEqualTo(5);
    // Every SQL setting of the 9 database/role policies, written once.
    assertThat(r.convergence().usage().sqlWrites()).isEqualTo(r.convergence().minimum().sqlWrites()).isEqualTo(15);
    assertThat(r.convergence().usage().sql().alters()).isEqualTo(15);
    // At rest: one read of the project (no single-service GET), nothing written anywhere.
    Usage round = r.resync().window();
    assertThat(round.reconciles()).isGreaterThanOrEqualTo(10);
    assertThat(round.aiven(Usage.LIST_SERVICES)).isEqualTo(1);
    assertThat(round.aiven(Usage.GET_SERVICE)).isZero();
    assertThat(r.resync().minimum().aivenRequests()).isEqualTo(1);
    assertThat(round.aivenWrites() + round.sqlWrites() + round.kubeTotal()).isZero();
    assertThat(r.memory().heapPeak()).isPositive();
    assertThat(r.startupToReady()).isPositive();

    String markdown = Files.readString(report);
    assertThat(MarkdownReport.summaryOf(markdown)).contains("| policies × services | 10 × 1 | target |",
        "All Ready after applying all policies");
    assertThat(markdown).contains("## Details", "### 10 × 1", "## How it is measured", "**Machine**");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("wrote " + report);
  }
}
