package dev.pgaudit.operator.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** The real {@link OperatorConfig.Host}: the Pod's service-account namespace file and host name. */
final class SystemHost implements OperatorConfig.Host {
  static final SystemHost INSTANCE = new SystemHost();
  static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  @Override
  public Optional<String> serviceAccountNamespace() {
    try {
      return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
          ? Optional.of(Files.readString(SERVICE_ACCOUNT_NAMESPACE)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public String hostname() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) return fromEnv.trim();
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      // Only the leader identity depends on it; a unique one still keeps two replicas apart.
      return "pgaudit-operator-" + UUID.randomUUID();
    }
  }
}
