package dev.pgaudit.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user the server runs as: ourselves, or {@code postgres} through runuser when we are
 * root, because initdb and postgres refuse to run as root.
 */
final class OsUser {
  static final String SERVER_USER = "postgres";

  private final boolean viaRunuser;

  private OsUser(boolean viaRunuser) {
    this.viaRunuser = viaRunuser;
  }

  static OsUser forServer() {
    if (!isRoot()) return new OsUser(false);
    try {
      lookup().lookupPrincipalByName(SERVER_USER);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalStateException("Running as root, the PostgreSQL server must run as the OS user '"
          + SERVER_USER + "', which does not exist; install `" + PgBinaries.installCommand()
          + "` (it creates that user) or run as a non-root user.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new OsUser(true);
  }

  /** A new temp directory the server user owns (mode 0700). */
  Path createOwnedTempDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      if (viaRunuser) {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(lookup().lookupPrincipalByName(SERVER_USER));
        try {
          GroupPrincipal group = lookup().lookupPrincipalByGroupName(SERVER_USER);
          view.setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
          // no group of that name: the owner alone is enough
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temp directory for PostgreSQL", e);
    }
  }

  /** Writes {@code content} to {@code file} with mode 0600, owned by the server user (PostgreSQL insists for keys). */
  void writePrivateFile(Path file, String content) {
    try {
      Files.writeString(file, content, java.nio.charset.StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      if (viaRunuser) {
        Files.getFileAttributeView(file, PosixFileAttributeView.class).setOwner(lookup().lookupPrincipalByName(SERVER_USER));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  Processes.Result run(List<String> command, Path workingDirectory) {
    return Processes.run(wrap(command), workingDirectory);
  }

  Processes.Result runAllowingFailure(List<String> command, Path workingDirectory) {
    return Processes.runAllowingFailure(wrap(command), workingDirectory);
  }

  private List<String> wrap(List<String> command) {
    if (!viaRunuser) return command;
    List<String> wrapped = new ArrayList<>(List.of(runuser(), "-u", SERVER_USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) return;
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // removed meanwhile
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  private static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String runuser() {
    for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    return "runuser";
  }

  private static UserPrincipalLookupService lookup() {
    return Path.of("/").getFileSystem().getUserPrincipalLookupService();
  }
}
