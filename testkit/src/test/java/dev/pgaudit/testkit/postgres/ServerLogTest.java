package dev.pgaudit.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLogTest {

  @Test
  void readsCompleteEntriesAfterTheMark_joiningContinuationLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("server.log");
    Files.writeString(file, "2025-01-01 10:00:00.000 UTC [1] @ LOG:  database system is ready\n");
    ServerLog log = new ServerLog(file);
    long mark = log.mark();

    Files.writeString(file, String.join("\n",
        "2025-01-01 10:00:01.000 UTC [2] app@d LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,\"SELECT 1",
        "\tFROM t\",<not logged>",
        "2025-01-01 10:00:02.000 UTC [2] app@d LOG:  statement: SELECT 2",
        "2025-01-01 10:00:03.000 UTC [2] app@d LOG:  AUDIT: SESSION,2,1,READ,SELECT,,,SELECT 3,<not"),
        StandardOpenOption.APPEND);

    assertThat(log.entriesSince(mark)).containsExactly(
        "2025-01-01 10:00:01.000 UTC [2] app@d LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,\"SELECT 1\n\tFROM t\",<not logged>",
        "2025-01-01 10:00:02.000 UTC [2] app@d LOG:  statement: SELECT 2");
    assertThat(log.auditEntriesSince(mark)).hasSize(1).allMatch(e -> e.contains("FROM t"));

    Files.writeString(file, " logged>\n", StandardOpenOption.APPEND);
    assertThat(log.auditEntriesSince(mark)).hasSize(2).last().asString().endsWith("SELECT 3,<not logged>");
    assertThat(log.auditEntriesSince(log.mark())).isEmpty();
  }
}
