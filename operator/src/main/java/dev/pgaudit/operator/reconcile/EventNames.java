package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of the Event for one (policy, type, reason, message): the policy's name, cut so the
 * whole stays a valid DNS subdomain of at most 253 characters, a dot and 16 hex digits of a
 * sha256 of those fields. Equal fields give the same name (that is the aggregation); the policy's
 * uid is hashed too, so a policy deleted and created again starts new Events.
 */
final class EventNames {
  static final int MAX_NAME = 253;
  private static final int HASH_CHARS = 16;

  private EventNames() {}

  static String of(PgAuditPolicy policy, String type, String reason, String message) {
    var meta = policy.getMetadata();
    String hash = sha256(String.join("\n", meta.getNamespace(), meta.getName(), String.valueOf(meta.getUid()),
        type, reason, message)).substring(0, HASH_CHARS);
    String prefix = meta.getName();
    int room = MAX_NAME - 1 - HASH_CHARS;
    if (prefix.length() > room) prefix = prefix.substring(0, room);
    // A DNS subdomain's labels end with a letter or digit: no "-." or ".." where the cut was made.
    while (!prefix.isEmpty() && !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix.isEmpty() ? hash : prefix + "." + hash;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
