package dev.pgaudit.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * crds/ must hold exactly what the model generates now, so nobody edits one and forgets the other.
 * With -Dcrd.update=true the test rewrites the file instead of failing.
 */
class CrdUpToDateTest {

  @Test
  void committedCrdIsWhatTheModelGenerates() {
    String expected = CrdFiles.render();
    if (Boolean.getBoolean("crd.update")) {
      CrdFiles.writeCommitted(expected);
    }
    if (!Files.exists(CrdFiles.committedPath())) {
      fail(CrdFiles.committedPath() + " is missing; create it with: " + CrdFiles.REGENERATE_COMMAND);
    }
    String actual = CrdFiles.readCommittedText().replace("\r\n", "\n"); // a CRLF checkout means the same
    if (!actual.equals(expected)) {
      fail("crds/" + CrdFiles.FILE_NAME + " differs from the CRD the model generates ("
          + firstDifference(actual, expected) + "). Regenerate it with: " + CrdFiles.REGENERATE_COMMAND);
    }
  }

  @Test
  void printerColumnsAreInTheOrderKubectlShouldShow() {
    List<String> names = CrdFiles.committed().path("spec").path("versions").get(0)
        .path("additionalPrinterColumns").findValuesAsText("name");

    assertThat(names).containsExactly("Service", "Scope", "Targets", "Log", "Mode", "Sink", "Ready", "Reason", "Effective", "Age");
    assertThat(names).isEqualTo(CrdFiles.annotatedColumnNames());
  }

  private static String firstDifference(String actual, String expected) {
    List<String> a = actual.lines().toList();
    List<String> e = expected.lines().toList();
    for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
      String al = i < a.size() ? a.get(i) : "<end of file>";
      String el = i < e.size() ? e.get(i) : "<end of file>";
      if (!al.equals(el)) {
        return "first difference at line " + (i + 1) + ": committed [" + al + "], generated [" + el + "]";
      }
    }
    return "line endings differ";
  }
}
