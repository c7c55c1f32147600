package dev.pgaudit.testkit.crd;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checked-in files outside the operator module (crds/, examples/). */
public final class RepoPaths {
  private RepoPaths() {}

  /** The repository root: the nearest directory, from the working directory up, that holds mvnw. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root (a directory with mvnw) above " + dir);
  }

  public static Path crds() { return root().resolve("crds"); }

  public static Path examples() { return root().resolve("examples"); }
}
