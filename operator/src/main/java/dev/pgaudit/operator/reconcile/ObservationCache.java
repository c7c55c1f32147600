package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.StoredSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database/role settings read from one service (pg_db_role_setting), shared by all its policies
 * within a window, so a resync of N SQL-scope policies on a service costs one query, not N. The
 * service itself and its integrations come from the project's shared reading
 * ({@link ProjectReadings}). Entries are per (service, token): a policy never sees what another
 * token read. A failed write drops a service's entries, so the next reconcile reads the truth.
 */
final class ObservationCache {

  /** The settings read from one service, and when. */
  record Entry(StoredSettings sql, Instant readAt) {}

  record Key(ServiceKey service, String tokenFingerprint) {}

  private final Duration ttl;
  private final Clock clock;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  ObservationCache(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  boolean enabled() {
    return !ttl.isZero() && !ttl.isNegative();
  }

  /** The oldest reading a reconcile may still trust: the window's length ago (now, when nothing is shared). */
  Instant trustedSince() {
    return enabled() ? clock.instant().minus(ttl) : clock.instant();
  }

  /** The entry if it is younger than the window. */
  Entry fresh(Key key) {
    if (!enabled()) return null;
    Entry entry = entries.get(key);
    if (entry == null || !clock.instant().isBefore(entry.readAt().plus(ttl))) return null;
    return entry;
  }

  void put(Key key, Entry entry) {
    if (enabled()) entries.put(key, entry);
  }

  /** After this operator's own writes: the settings are what was written, still trusted only until the read's window ends. */
  void replace(Key key, Entry entry) {
    if (enabled()) entries.computeIfPresent(key, (k, old) -> entry);
  }

  Instant now() {
    return clock.instant();
  }

  void invalidate(ServiceKey service) {
    entries.keySet().removeIf(k -> k.service().equals(service));
  }

  static Key key(ServiceKey service, String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return new Key(service, HexFormat.of().formatHex(digest, 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
