package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pgaudit.testkit.postgres.PgAuditCluster;
import dev.pgaudit.testkit.postgres.PgAuditClusterExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions given back are handed out again, on a real PostgreSQL: only to the same login, only
 * while the login is young enough, only while the server still answers, for a few seconds; the
 * operator's own sessions are left out of the server's session count.
 */
class SessionReuseTest {

  @RegisterExtension
  static final PgAuditClusterExtension PG = new PgAuditClusterExtension();

  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final AtomicLong nanos = new AtomicLong(System.nanoTime());
  private final PgSessionOpener opener = new PgSessionOpener(PgSessionOpener.StatementListener.NONE, nanos::get);

  @AfterEach
  void closeIdle() {
    opener.close();
  }

  private static PgConnectionParams avnadmin() {
    return TestLogins.params(PG.cluster().avnadminParams());
  }

  @Test
  void aSessionGivenBackIsHandedOutAgainToTheSameLoginOnly() {
    int first = pid(opener.reuse(avnadmin(), WINDOW));
    // pid() closes the session: it is kept idle
    assertThat(opener.idleSessions()).isEqualTo(1);

    try (PgAuditSession again = opener.reuse(avnadmin(), WINDOW)) {
      assertThat(backendPid(again)).isEqualTo(first);
      assertThat(opener.idleSessions()).isZero();
    }
    PgConnectionParams otherDatabase = TestLogins.params(PG.cluster().avnadminParams("postgres"));
    try (PgAuditSession other = opener.reuse(otherDatabase, WINDOW)) {
      assertThat(backendPid(other)).isNotEqualTo(first);
    }
    assertThat(opener.idleSessions()).isEqualTo(2);
  }

  @Test
  void closingTwiceGivesASessionBackOnceSoItIsNeverHandedToTwoCallers() {
    PgAuditSession session = opener.reuse(avnadmin(), WINDOW);
    int pid = backendPid(session);
    session.close();
    session.close();

    assertThat(opener.idleSessions()).isEqualTo(1);
    try (PgAuditSession first = opener.reuse(avnadmin(), WINDOW); PgAuditSession second = opener.reuse(avnadmin(), WINDOW)) {
      assertThat(backendPid(first)).isEqualTo(pid);
      assertThat(backendPid(second)).isNotEqualTo(pid);
    }
  }

  @Test
  void withNothingToReuseASessionIsNotKeptIdle() {
    int pid = pid(opener.reuse(avnadmin(), Duration.ZERO));

    assertThat(opener.idleSessions()).isZero();
    assertGone(pid);
  }

  @Test
  void openAlwaysLogsInAndClosingItDisconnects() {
    int pooled = pid(opener.reuse(avnadmin(), WINDOW));
    PgAuditSession opened = opener.open(avnadmin());
    int openedPid = backendPid(opened);
    opened.close();

    assertThat(openedPid).isNotEqualTo(pooled);
    assertGone(openedPid);
    assertThat(opener.idleSessions()).isEqualTo(1);
  }

  @Test
  void aLoginOlderThanTheCallerAcceptsIsNotReusedAndIsClosed() {
    int old = pid(opener.reuse(avnadmin(), WINDOW));
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());

    try (PgAuditSession session = opener.reuse(avnadmin(), Duration.ofSeconds(2))) {
      assertThat(backendPid(session)).isNotEqualTo(old);
      assertThat(session.loginAge()).isLessThan(Duration.ofSeconds(1));
    }
    assertGone(old);
    try (PgAuditSession fresh = opener.reuse(avnadmin(), Duration.ZERO)) {
      assertThat(fresh.loginAge()).isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void aSessionTheServerEndedIsReplacedNotHandedOut() {
    int ended = pid(opener.reuse(avnadmin(), WINDOW));
    PG.cluster().executeAsSuperuser(PgAuditCluster.ADMIN_DATABASE, "SELECT pg_terminate_backend(" + ended + ")");
    await().atMost(Duration.ofSeconds(10)).until(() -> !serverHas(ended));

    try (PgAuditSession session = opener.reuse(avnadmin(), WINDOW)) {
      assertThat(backendPid(session)).isNotEqualTo(ended);
      assertThat(session.readAll().knowsCatalog()).isTrue();
    }
  }

  @Test
  void idleSessionsAreClosedAfterAFewSecondsAndAtMostEightAreKeptPerLogin() {
    List<PgAuditSession> busy = new ArrayList<>();
    for (int i = 0; i < IdleSessions.MAX_IDLE_PER_LOGIN + 2; i++) busy.add(opener.reuse(avnadmin(), WINDOW));
    List<Integer> pids = busy.stream().map(SessionReuseTest::backendPid).toList();
    busy.forEach(PgAuditSession::close);

    assertThat(opener.idleSessions()).isEqualTo(IdleSessions.MAX_IDLE_PER_LOGIN);
    assertThat(pids.stream().filter(SessionReuseTest::serverHas)).hasSize(IdleSessions.MAX_IDLE_PER_LOGIN);

    nanos.addAndGet(IdleSessions.IDLE_FOR.toNanos());
    await().atMost(Duration.ofSeconds(20)).until(() -> opener.idleSessions() == 0);
    pids.forEach(SessionReuseTest::assertGone);
  }

  @Test
  void theServersSessionCountLeavesOutThisProcesssOwnSessionsIdleOrInUse() throws Exception {
    PgConnectionParams elsewhere = TestLogins.params(PG.cluster().avnadminParams("postgres"));
    int idle = pid(opener.reuse(elsewhere, WINDOW));
    try (PgAuditSession inUse = opener.reuse(avnadmin(), WINDOW);
         PgAuditSession reading = opener.reuse(avnadmin(), WINDOW);
         Connection foreign = SqlFixture.connect(PG.cluster().avnadminParams())) {
      assertThat(backendPid(inUse)).isNotEqualTo(idle);
      int foreignPid = foreign.unwrap(org.postgresql.PGConnection.class).getBackendPID();

      List<Integer> seen = reading.clientSessions().sessions().stream().map(ClientSessions.Session::pid).toList();

      assertThat(seen).contains(foreignPid).doesNotContain(idle, backendPid(inUse), backendPid(reading));
    }
  }

  @Test
  void closingTheOpenerDisconnectsTheIdleSessions() {
    int idle = pid(opener.reuse(avnadmin(), WINDOW));
    opener.close();

    assertGone(idle);
    assertThat(opener.idleSessions()).isZero();
    int after = pid(opener.reuse(avnadmin(), WINDOW));
    assertGone(after);
    assertThat(opener.idleSessions()).isZero();
  }

  /** The session's backend; closes (gives back) the session. */
  private static int pid(PgAuditSession session) {
    try (session) {
      return backendPid(session);
    }
  }

  private static int backendPid(PgAuditSession session) {
    return session.backendPid();
  }

  /** The backend has exited (it does so a moment after its connection is closed). */
  private static void assertGone(int pid) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !serverHas(pid));
  }

  private static boolean serverHas(int pid) {
    return !SqlFixture.strings(PG.cluster().superuserParams(), "SELECT pid::text FROM pg_stat_activity WHERE pid = "
        + pid).isEmpty();
  }
}
