package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.coverage.CoverageReport;
import dev.pgaudit.operator.coverage.Pair;
import dev.pgaudit.operator.coverage.PairCoverage;
import dev.pgaudit.operator.postgres.ClientSessions;
import dev.pgaudit.operator.postgres.ClientSessions.Session;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which sessions still run with the settings from before a write, by the server's clock. */
class OldSessionsTest {
  private static final Instant WRITE = Instant.parse("2026-12-01T10:00:00Z");
  private static final CoverageReport ORDERS = new CoverageReport(List.of(
      new PairCoverage(new Pair("orders", "app"), PairCoverage.Cause.COVERED, Map.of(), null, List.of()),
      new PairCoverage(new Pair("orders", "avnadmin"), PairCoverage.Cause.COVERED, Map.of(), null, List.of())), null);

  @Test
  void sessionsOfCoveredPairsStartedBeforeTheWriteAreCountedOthersAreNot() {
    ClientSessions read = new ClientSessions(WRITE.plusSeconds(30), List.of(
        new Session(0, "orders", "app", WRITE.minusSeconds(3600)),
        new Session(0, "orders", "avnadmin", WRITE.minusSeconds(1)),
        new Session(0, "orders", "app", WRITE.plusSeconds(1)),
        new Session(0, "billing", "app", WRITE.minusSeconds(3600))));

    OldSessions old = OldSessions.count(read, ORDERS, WRITE);

    assertThat(old).isEqualTo(new OldSessions("2", "2026-12-01T10:00:00Z"));
    assertThat(old.pending()).isTrue();
  }

  @Test
  void rightAfterTheWriteTheReadsOwnTimeIsTheLineAndNoneLeftIsNotPending() {
    ClientSessions read = new ClientSessions(WRITE, List.of(new Session(0, "orders", "app", WRITE.plusMillis(1))));

    OldSessions old = OldSessions.count(read, ORDERS, null);

    assertThat(old).isEqualTo(new OldSessions("0", "2026-12-01T10:00:00Z"));
    assertThat(old.pending()).isFalse();
  }

  @Test
  void aCoveredSessionWhoseStartIsHiddenMakesTheCountUnknownNotZero() {
    ClientSessions read = new ClientSessions(WRITE, List.of(new Session(0, "orders", "app", null),
        new Session(0, "billing", "app", null)));

    assertThat(OldSessions.count(read, ORDERS, WRITE).count()).isEqualTo("unknown");
    assertThat(OldSessions.count(new ClientSessions(WRITE, List.of(new Session(0, "billing", "app", null))), ORDERS, WRITE)
        .count()).isEqualTo("0");
  }
}
