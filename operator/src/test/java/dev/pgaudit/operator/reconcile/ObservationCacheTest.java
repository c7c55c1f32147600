package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The shared database/role settings of a service (its Aiven side: ProjectReadingsTest), and the proven logins. */
class ObservationCacheTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final ServiceKey SERVICE = new ServiceKey("acme", "pg-1");
  static final StoredSettings SQL = new StoredSettings(Map.of(new SqlTarget.Database("orders"), Map.of(PgAuditSetting.LOG, "read")));
  final AtomicReference<Instant> now = new AtomicReference<>(T0);
  final ObservationCache cache = new ObservationCache(Duration.ofMinutes(5), new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  });
  final ObservationCache.Key key = ObservationCache.key(SERVICE, "token");

  @Test
  void settingsAreSharedForOneWindowAndAWriteNeverExtendsIt() {
    cache.put(key, new ObservationCache.Entry(SQL, T0));
    StoredSettings written = new StoredSettings(Map.of(new SqlTarget.Database("orders"), Map.of(PgAuditSetting.LOG, "read, ddl")));
    now.set(T0.plus(Duration.ofMinutes(4)));

    cache.replace(key, new ObservationCache.Entry(written, T0));

    assertThat(cache.fresh(key).sql()).isEqualTo(written);
    assertThat(cache.fresh(ObservationCache.key(SERVICE, "another token"))).as("per token").isNull();
    now.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(cache.fresh(key)).as("a new window").isNull();
  }

  @Test
  void aLoginIsVerifiedForOneWindowAndOnlyForTheseExactCredentials() {
    var login = new PgConnectionParams("h", 5432, "app", "pw", "defaultdb", "require", null);
    var rotated = new PgConnectionParams("h", 5432, "app", "pw2", "defaultdb", "require", null);
    assertThat(cache.loginVerified(ObservationCache.loginFingerprint(login))).isFalse();

    cache.loginSucceeded(ObservationCache.loginFingerprint(login), Duration.ZERO);

    assertThat(cache.loginVerified(ObservationCache.loginFingerprint(login))).isTrue();
    assertThat(cache.loginVerified(ObservationCache.loginFingerprint(rotated))).isFalse();
    now.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(cache.loginVerified(ObservationCache.loginFingerprint(login))).as("a new window").isFalse();
  }

  @Test
  void aSessionKeptIdleProvesItsLoginFromWhenItLoggedInNotFromWhenItWasHandedOut() {
    String login = ObservationCache.loginFingerprint(new PgConnectionParams("h", 5432, "app", "pw", "defaultdb", "require", null));
    cache.loginSucceeded(login, Duration.ofMinutes(1));
    // a later hand-out of an older session never moves the proof back
    cache.loginSucceeded(login, Duration.ofMinutes(3));

    now.set(T0.plus(Duration.ofMinutes(3)).plusSeconds(59));
    assertThat(cache.loginVerified(login)).isTrue();
    now.set(T0.plus(Duration.ofMinutes(4)));
    assertThat(cache.loginVerified(login)).as("five minutes after the login, not after the hand-out").isFalse();
    assertThat(cache.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(new ObservationCache(Duration.ZERO, Clock.systemUTC()).window()).as("nothing shared, nothing reused").isZero();
  }

  @Test
  void anInvalidatedEntryIsNotBroughtBackByAWriterThatReadItEarlier() {
    cache.put(key, new ObservationCache.Entry(SQL, T0));
    cache.invalidate(SERVICE);

    cache.replace(key, new ObservationCache.Entry(SQL, T0));

    assertThat(cache.fresh(key)).isNull();
  }
}
