package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgConnectionParams;
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
  /** When each PostgreSQL login (a fingerprint of where and as whom) last succeeded. */
  private final Map<String, Instant> logins = new ConcurrentHashMap<>();
  /** When each pgaudit.role role ("service\0role") was last seen to exist. */
  private final Map<String, Instant> roles = new ConcurrentHashMap<>();

  ObservationCache(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  boolean enabled() {
    return !ttl.isZero() && !ttl.isNegative();
  }

  /** How long a reading (or a login) is trusted; zero when nothing is shared. */
  Duration window() {
    return enabled() ? ttl : Duration.ZERO;
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

  /**
   * True when this login succeeded within the window. A shared observation spares a policy the
   * read, not the proof that its own credentials still work: without one, it must log in itself.
   */
  boolean loginVerified(String fingerprint) {
    Instant at = logins.get(fingerprint);
    return enabled() && at != null && clock.instant().isBefore(at.plus(ttl));
  }

  /** @param age how long ago the login happened (a session kept idle logged in before it was handed out) */
  void loginSucceeded(String fingerprint, Duration age) {
    if (!enabled()) return;
    Instant now = clock.instant();
    logins.merge(fingerprint, now.minus(age), (a, b) -> a.isAfter(b) ? a : b);
    // Rotated passwords leave old fingerprints behind: forget the expired ones.
    logins.values().removeIf(at -> !now.isBefore(at.plus(ttl)));
  }

  /** True when this role was seen to exist on the service within the window. */
  boolean roleSeen(ServiceKey service, String role) {
    Instant at = roles.get(service + "\u0000" + role);
    return enabled() && at != null && clock.instant().isBefore(at.plus(ttl));
  }

  /** Only roles that exist are remembered: a missing one is looked for again at every reconcile. */
  void rolesExist(ServiceKey service, java.util.Collection<String> names) {
    if (!enabled()) return;
    Instant now = clock.instant();
    names.forEach(name -> roles.put(service + "\u0000" + name, now));
    roles.values().removeIf(at -> !now.isBefore(at.plus(ttl)));
  }

  /** A digest of the connection parameters: the map never holds a password. */
  static String loginFingerprint(PgConnectionParams params) {
    return sha256(String.join("\u0000", params.host(), Integer.toString(params.port()), params.user(),
        String.valueOf(params.password()), params.dbname(), String.valueOf(params.sslmode()),
        String.valueOf(params.sslRootCert())), 16);
  }

  Instant now() {
    return clock.instant();
  }

  void invalidate(ServiceKey service) {
    entries.keySet().removeIf(k -> k.service().equals(service));
  }

  static Key key(ServiceKey service, String token) {
    return new Key(service, sha256(token, 8));
  }

  private static String sha256(String text, int bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
