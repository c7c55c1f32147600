package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.aiven.ServiceIntegration;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservationCacheTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final ServiceKey SERVICE = new ServiceKey("acme", "pg-1");
  final ObservationCache cache = new ObservationCache(Duration.ofMinutes(5), Clock.fixed(T0, ZoneOffset.UTC));
  final ObservationCache.Key key = ObservationCache.key(SERVICE, "token");

  static AivenService service(Map<String, Object> pgaudit) {
    return new AivenService("acme", "pg-1", "pg", "RUNNING", "16", Map.of("pgaudit", pgaudit), pgaudit, null, List.of());
  }

  static final List<ServiceIntegration> INTEGRATIONS = List.of(
      new ServiceIntegration("i-1", "logs", "acme", "pg-1", "acme", "os-1", true, true, Map.of()));
  static final StoredSettings SQL = new StoredSettings(Map.of(new SqlTarget.Database("orders"), Map.of(PgAuditSetting.LOG, "read")));

  @Test
  void aWriterThatReadOnlyTheServiceKeepsTheIntegrationsAndSettingsOthersRead() {
    cache.put(key, new ObservationCache.Entry(service(Map.of()), INTEGRATIONS, SQL, T0));

    // e.g. a Service-scope policy without sink wrote its keys: it read neither integrations nor SQL.
    cache.replace(key, new ObservationCache.Entry(service(Map.of("feature_enabled", true)), null, null, T0));

    ObservationCache.Entry entry = cache.fresh(key);
    assertThat(entry.service().pgaudit()).containsEntry("feature_enabled", true);
    assertThat(entry.integrations()).isEqualTo(INTEGRATIONS);
    assertThat(entry.sql()).isEqualTo(SQL);
  }

  @Test
  void partsTheWriterReadAndWroteReplaceTheOldOnes() {
    cache.put(key, new ObservationCache.Entry(service(Map.of()), INTEGRATIONS, SQL, T0));
    StoredSettings written = new StoredSettings(Map.of(new SqlTarget.Database("orders"), Map.of(PgAuditSetting.LOG, "read, ddl")));

    cache.replace(key, new ObservationCache.Entry(service(Map.of()), List.of(), written, T0));

    assertThat(cache.fresh(key).sql()).isEqualTo(written);
    assertThat(cache.fresh(key).integrations()).isEmpty();
  }

  @Test
  void aLoginIsVerifiedForOneWindowAndOnlyForTheseExactCredentials() {
    var now = new java.util.concurrent.atomic.AtomicReference<>(T0);
    ObservationCache logins = new ObservationCache(Duration.ofMinutes(5), new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    });
    var login = new dev.pgaudit.operator.postgres.PgConnectionParams("h", 5432, "app", "pw", "defaultdb", "require", null);
    var rotated = new dev.pgaudit.operator.postgres.PgConnectionParams("h", 5432, "app", "pw2", "defaultdb", "require", null);
    assertThat(logins.loginVerified(ObservationCache.loginFingerprint(login))).isFalse();

    logins.loginSucceeded(ObservationCache.loginFingerprint(login));

    assertThat(logins.loginVerified(ObservationCache.loginFingerprint(login))).isTrue();
    assertThat(logins.loginVerified(ObservationCache.loginFingerprint(rotated))).isFalse();
    now.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(logins.loginVerified(ObservationCache.loginFingerprint(login))).as("a new window").isFalse();
  }

  @Test
  void anInvalidatedEntryIsNotBroughtBackByAWriterThatReadItEarlier() {
    cache.put(key, new ObservationCache.Entry(service(Map.of()), INTEGRATIONS, SQL, T0));
    cache.invalidate(SERVICE);

    cache.replace(key, new ObservationCache.Entry(service(Map.of("feature_enabled", true)), null, null, T0));

    assertThat(cache.fresh(key)).isNull();
  }
}
