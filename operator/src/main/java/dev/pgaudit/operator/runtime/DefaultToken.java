package dev.pgaudit.operator.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default Aiven token for policies without spec.authSecretRef. A token file is read again at
 * every use, so a rotated Secret (kubelet updates the mounted file) is picked up without a restart;
 * it wins over the environment variable. The value never leaves {@link #get()}.
 */
public final class DefaultToken implements Supplier<String> {
  private static final Logger log = LoggerFactory.getLogger(DefaultToken.class);

  private final String fromEnvironment;
  private final Path file;
  private final AtomicBoolean fileUnreadable = new AtomicBoolean(false);

  public DefaultToken(OperatorConfig config) {
    this.fromEnvironment = config.aivenToken();
    this.file = config.aivenTokenFile();
  }

  /** Where the token comes from, for messages: never the token itself. */
  public String source() {
    if (file != null) return "file " + file + " (PGAUDIT_AIVEN_TOKEN_FILE)";
    if (fromEnvironment != null) return "environment variable PGAUDIT_AIVEN_TOKEN";
    return "no default token configured (set PGAUDIT_AIVEN_TOKEN_FILE or PGAUDIT_AIVEN_TOKEN)";
  }

  /** The token, or null when none is configured or the file cannot be read. */
  @Override
  public String get() {
    if (file == null) return fromEnvironment;
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (fileUnreadable.getAndSet(false)) log.info("default Aiven token file {} is readable again", file);
      return token.isEmpty() ? null : token;
    } catch (IOException e) {
      // Said once per outage, not at every reconcile; the policies' conditions say it each time.
      if (!fileUnreadable.getAndSet(true)) {
        log.warn("default Aiven token file {} cannot be read ({}); policies without spec.authSecretRef will fail",
            file, e.getClass().getSimpleName());
      }
      return null;
    }
  }

  @Override
  public String toString() {
    return "DefaultToken[" + source() + "]";
  }
}
