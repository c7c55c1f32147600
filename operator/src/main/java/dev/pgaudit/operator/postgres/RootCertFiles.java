package dev.pgaudit.operator.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * pgJDBC reads {@code sslrootcert} from a file, while a connection Secret holds the CA
 * certificate itself (PEM, as Aiven hands it out). PEM content is written once per distinct
 * content to a file only this process's user can read, in a private temp directory, and that
 * file's path is what the driver gets. A value that is not PEM is taken as a path, as before.
 */
final class RootCertFiles {
  private static final Map<String, Path> BY_HASH = new ConcurrentHashMap<>();
  private static volatile Path directory;

  private RootCertFiles() {}

  /** The path to give pgJDBC as sslrootcert; null for null. */
  static String pathFor(String pemOrPath) {
    if (pemOrPath == null) return null;
    if (!pemOrPath.contains("-----BEGIN")) return pemOrPath;
    String hash = sha256(pemOrPath);
    return BY_HASH.computeIfAbsent(hash, h -> write(h, pemOrPath)).toString();
  }

  private static Path write(String hash, String pem) {
    try {
      Path file = directory().resolve("root-" + hash + ".pem");
      Path partial = Files.createTempFile(directory(), "root-", ".partial", privateFile());
      Files.writeString(partial, pem, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the PostgreSQL root certificate to a temp file", e);
    }
  }

  private static synchronized Path directory() throws IOException {
    if (directory == null) {
      directory = posix()
          ? Files.createTempDirectory("pgaudit-rootcerts-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("pgaudit-rootcerts-");
      directory.toFile().deleteOnExit();
    }
    return directory;
  }

  private static FileAttribute<?>[] privateFile() {
    return posix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
