package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.plan.Layer;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The text values of one Secret, decoded strictly: a value that is not base64 or not UTF-8 is an
 * {@code InvalidSecret} failure naming the Secret and the key, never the value (a lenient decoder
 * would turn a password's bad bytes into U+FFFD and fail later, somewhere less clear).
 */
final class SecretFields {
  private final Secret secret;
  private final String described;
  private final Layer layer;

  SecretFields(Secret secret, Layer layer) {
    this.secret = secret;
    this.layer = layer;
    this.described = describe(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
  }

  static String describe(String ns, String name) {
    return "secret " + ns + "/" + name;
  }

  /** "secret ns/name", for messages. */
  String described() {
    return described;
  }

  boolean has(String key) {
    return (secret.getData() != null && secret.getData().get(key) != null)
        || (secret.getStringData() != null && secret.getStringData().get(key) != null);
  }

  /** The value of {@code key} as text; empty when the key is absent. */
  Optional<String> text(String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(secret.getData().get(key));
      } catch (IllegalArgumentException e) {
        throw invalid(key, "is not valid base64");
      }
      try {
        return Optional.of(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString());
      } catch (CharacterCodingException e) {
        throw invalid(key, "is not UTF-8 text");
      }
    }
    if (secret.getStringData() != null) return Optional.ofNullable(secret.getStringData().get(key));
    return Optional.empty();
  }

  /** The value of {@code key}, which must be there. */
  String required(String key, String whatIsMissing) {
    return text(key).orElseThrow(() -> new ReconcileFailure(layer, Conditions.Reason.SECRET_MISSING,
        described + " " + whatIsMissing, null));
  }

  /**
   * A failure for a value that is there but unusable. No retry timer: the Secret is watched, so
   * fixing it triggers the next reconcile.
   */
  ReconcileFailure invalid(String key, String problem) {
    return new ReconcileFailure(layer, Conditions.Reason.INVALID_SECRET, described + " key " + key + " " + problem, null);
  }

  /** True when the text holds a character no credential may hold (control characters, NUL included). */
  static boolean hasControlCharacter(String text) {
    return text.codePoints().anyMatch(Character::isISOControl);
  }
}
