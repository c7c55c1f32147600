package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pgaudit.operator.api.crd.CrdFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Helm installs the CRD from the chart's crds/ directory; it must be the committed crds/ file,
 * byte for byte (line endings aside), so the chart never ships a stale schema.
 */
class ChartCrdTest {
  private static final String SYNC_COMMAND =
      "cp crds/" + CrdFiles.FILE_NAME + " helm/pgaudit-operator/crds/" + CrdFiles.FILE_NAME;

  @Test
  void chartCrdIsTheCommittedCrd() throws IOException {
    Path chartCopy = Chart.dir().resolve("crds").resolve(CrdFiles.FILE_NAME);
    if (!Files.exists(chartCopy)) {
      fail(chartCopy + " is missing; copy it from the repository root with: " + SYNC_COMMAND);
    }
    String committed = CrdFiles.readCommittedText().replace("\r\n", "\n");
    String inChart = Files.readString(chartCopy).replace("\r\n", "\n");

    if (!inChart.equals(committed)) {
      fail("helm/pgaudit-operator/crds/" + CrdFiles.FILE_NAME + " differs from crds/" + CrdFiles.FILE_NAME
          + "; sync it from the repository root with: " + SYNC_COMMAND);
    }
  }

  @Test
  void chartCrdsDirectoryHoldsOnlyThatCrd() throws IOException {
    try (Stream<Path> files = Files.list(Chart.dir().resolve("crds"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly(CrdFiles.FILE_NAME);
    }
  }
}
