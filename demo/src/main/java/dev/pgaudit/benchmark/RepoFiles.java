package dev.pgaudit.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the directory holding the CRD) from the working directory or above. */
final class RepoFiles {
  static final String CRD = "crds/pgauditpolicies.pgaudit.dev-v1.yml";

  private RepoFiles() {}

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(CRD))) dir = dir.getParent();
    if (dir == null) {
      throw new IllegalStateException("cannot find " + CRD + " in " + Path.of("").toAbsolutePath()
          + " or above; run the benchmark from a clone of the repository (bin/benchmark)");
    }
    return dir;
  }

  static Path find(String relative) {
    return root().resolve(relative);
  }
}
