package dev.pgaudit.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The README's first command (bin/demo): the real operator on embedded defaults. It starts a
 * throwaway PostgreSQL + pgaudit, the Aiven API simulator and an embedded Kubernetes API, applies
 * the CRD and every manifest of examples/, and shows the policies converging, what they changed,
 * the audit log they produce and the cleanup when they are deleted. Exit code 0 when all of that
 * happened as it should, 1 otherwise (with the reason on stdout).
 *
 * <p>Usage: {@code Demo [--verbose]}; --verbose shows the operator's INFO logs on stderr.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println("usage: bin/demo [--verbose]   (--verbose: operator logs at INFO on stderr)");
      return;
    }
    List<String> unknown = arguments.stream().filter(a -> !a.equals("--verbose")).toList();
    if (!unknown.isEmpty()) {
      System.err.println("demo: unknown argument(s) " + unknown + "; usage: bin/demo [--verbose]");
      System.exit(2);
    }
    DemoLogging.configure(arguments.contains("--verbose"));
    int exitCode = run(System.out);
    System.out.flush();
    // Non-daemon threads of the client libraries must not keep the JVM alive after the demo.
    System.exit(exitCode);
  }

  /** Runs the whole demo, printing to {@code out}; returns the process exit code. Logging is left as configured. */
  public static int run(PrintStream out) {
    return run(out, Path.of(""), env -> {});
  }

  /** {@code from}: where to look for the repository; {@code onStart} sees the environment once it runs (tests). */
  static int run(PrintStream out, Path from, Consumer<DemoEnvironment> onStart) {
    out.println("pgaudit-operator demo: the real operator against an embedded Kubernetes API,");
    out.println("a simulated Aiven API and a throwaway PostgreSQL with pgaudit.");
    try {
      new DemoScript(out, RepoFiles.root(from), onStart).run();
      return 0;
    } catch (DemoFailure e) {
      out.println();
      out.println("DEMO FAILED: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      out.println();
      out.println("DEMO FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }
}
