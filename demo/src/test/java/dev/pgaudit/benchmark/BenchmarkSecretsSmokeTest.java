package dev.pgaudit.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's Secrets part, small (200 unrelated Secrets, 20 MiB of data), with the operator as
 * a process of its own: its live heap does not take in the unrelated Secrets, a change to a
 * referenced Secret after them is still picked up, and the report comes out on its own page.
 */
class BenchmarkSecretsSmokeTest {

  @Test
  void unrelatedSecretsDoNotEnterTheOperatorsHeap(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("benchmark-secrets.md");
    BenchmarkOptions options = BenchmarkOptions.parse(new String[] {
        "--secrets", "200", "--output", report.toString(), "--work-dir", dir.resolve("work").toString()}, RepoFiles.root())
        .withOperatorClassPath(System.getProperty("java.class.path"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    SecretsRun.Measured m = Benchmark.runSecrets(options, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertThat(m.unrelated()).isEqualTo(200);
    assertThat(m.heapBefore()).isPositive();
    assertThat(m.heapAfter()).isPositive();
    // Holding them would add at least their 20 MiB (more: Fabric8 keeps the data base64-encoded).
    assertThat(m.heapAfter() - m.heapBefore()).isLessThan(m.unrelatedBytes() / 2);
    assertThat(m.pickUp()).isPositive();

    String markdown = Files.readString(report);
    assertThat(markdown).contains(SecretsReport.TITLE, "| 200 unrelated Secrets of 100 KiB (20 MiB of data) |",
        "the operator does not keep them", "## How it is measured");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("wrote " + report);
  }

  @Test
  void theSecretsPartAloneDoesNotOverwriteTheWorkloadsReport() {
    Path root = RepoFiles.root();
    assertThat(BenchmarkOptions.parse(new String[] {"--secrets", "2000"}, root).output())
        .isEqualTo(root.resolve("docs/benchmark-secrets.md"));
    assertThat(BenchmarkOptions.parse(new String[0], root).output()).isEqualTo(root.resolve("docs/benchmark.md"));
  }
}
