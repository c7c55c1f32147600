package dev.pgaudit.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** PostgreSQL server binaries (initdb, pg_ctl, postgres) of a version that has pgaudit installed. */
public record PgBinaries(Path bin, int majorVersion) {

  /** Environment variable naming a bin directory to use instead of searching. */
  public static final String OVERRIDE_ENV = "PGAUDIT_PG_BIN";
  /** Where Debian and Ubuntu packages put each major version: /usr/lib/postgresql/NN/bin. */
  public static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  static final int MIN_MAJOR = 15;
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

  public Path initdb() { return bin.resolve("initdb"); }
  public Path pgCtl() { return bin.resolve("pg_ctl"); }

  /** The override from {@value #OVERRIDE_ENV}, else the newest Debian-layout version with pgaudit. */
  public static PgBinaries locate() {
    return locate(System.getenv(), DEBIAN_ROOT);
  }

  static PgBinaries locate(Map<String, String> env, Path debianRoot) {
    String override = env.get(OVERRIDE_ENV);
    if (override != null && !override.isBlank()) return fromOverride(Path.of(override));
    List<String> seen = new ArrayList<>();
    for (Path bin : debianBins(debianRoot)) {
      int major = Integer.parseInt(bin.getParent().getFileName().toString());
      if (major < MIN_MAJOR) {
        seen.add("PostgreSQL " + major + " (too old)");
      } else if (!hasServer(bin)) {
        seen.add("PostgreSQL " + major + " without server binaries");
      } else if (!Files.isRegularFile(bin.resolveSibling("lib").resolve("pgaudit.so"))) {
        seen.add("PostgreSQL " + major + " without pgaudit");
      } else {
        return new PgBinaries(bin, major);
      }
    }
    throw new IllegalStateException("No PostgreSQL " + MIN_MAJOR + "+ server with pgaudit found under " + debianRoot
        + (seen.isEmpty() ? "" : " (found: " + String.join(", ", seen) + ")")
        + "; install it with `" + installCommand() + "` or set " + OVERRIDE_ENV + " to a bin directory.");
  }

  /** The exact command that installs what the launcher needs on Debian. */
  public static String installCommand() {
    return "apt-get install postgresql-15 postgresql-15-pgaudit";
  }

  private static PgBinaries fromOverride(Path bin) {
    if (!hasServer(bin)) {
      throw new IllegalStateException(OVERRIDE_ENV + "=" + bin + " does not contain initdb, pg_ctl and postgres; "
          + "point it at a PostgreSQL " + MIN_MAJOR + "+ bin directory or install `" + installCommand() + "`.");
    }
    int major = majorVersion(bin);
    if (major < MIN_MAJOR) {
      throw new IllegalStateException(OVERRIDE_ENV + "=" + bin + " is PostgreSQL " + major
          + ", but database and role scopes need " + MIN_MAJOR + "+; install `" + installCommand() + "`.");
    }
    Path library = pkgLibDir(bin).resolve("pgaudit.so");
    if (!Files.isRegularFile(library)) {
      throw new IllegalStateException(OVERRIDE_ENV + "=" + bin + " has no " + library
          + "; install `apt-get install postgresql-" + major + "-pgaudit` or build pgaudit for it.");
    }
    return new PgBinaries(bin, major);
  }

  /** Newest first. */
  private static List<Path> debianBins(Path root) {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
          .map(p -> p.resolve("bin"))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean hasServer(Path bin) {
    return Stream.of("initdb", "pg_ctl", "postgres").allMatch(name -> Files.isExecutable(bin.resolve(name)));
  }

  private static int majorVersion(Path bin) {
    String output = Processes.run(List.of(bin.resolve("postgres").toString(), "--version"), null).output();
    Matcher m = VERSION.matcher(output);
    if (!m.find()) throw new IllegalStateException("Cannot read the version from `postgres --version`: " + output.strip());
    return Integer.parseInt(m.group(1));
  }

  private static Path pkgLibDir(Path bin) {
    Path pgConfig = bin.resolve("pg_config");
    if (Files.isExecutable(pgConfig)) {
      Optional<String> dir = Processes.run(List.of(pgConfig.toString(), "--pkglibdir"), null).output().lines().findFirst();
      if (dir.isPresent() && !dir.get().isBlank()) return Path.of(dir.get().strip());
    }
    return bin.resolveSibling("lib");
  }
}
