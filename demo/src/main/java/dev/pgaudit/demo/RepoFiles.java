package dev.pgaudit.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's crds/ and examples/ from a directory or any directory above it. */
final class RepoFiles {
  static final String CRD = "crds/pgauditpolicies.pgaudit.dev-v1.yml";
  static final String EXAMPLES = "examples";

  private RepoFiles() {}

  static Path root(Path from) {
    Path dir = from.toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve(CRD)) && Files.isDirectory(dir.resolve(EXAMPLES)))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new DemoFailure("cannot find " + CRD + " and " + EXAMPLES + "/ in " + from.toAbsolutePath()
          + " or above; run the demo from a clone of the repository (bin/demo)");
    }
    return dir;
  }
}
