package dev.pgaudit.testkit.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion and fails loudly, with its output, when it fails. */
final class Processes {
  private Processes() {}

  private static final long TIMEOUT_SECONDS = 120;

  record Result(int exitCode, String output) {}

  /** Runs and requires exit code 0. */
  static Result run(List<String> command, Path workingDirectory) {
    Result result = runAllowingFailure(command, workingDirectory);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("`" + String.join(" ", command) + "` exited with " + result.exitCode()
          + ":\n" + result.output().strip());
    }
    return result;
  }

  static Result runAllowingFailure(List<String> command, Path workingDirectory) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workingDirectory != null) builder.directory(workingDirectory.toFile());
    // English, locale-independent messages from initdb/pg_ctl and from the server they start.
    builder.environment().put("LC_ALL", "C");
    builder.environment().remove("PGDATA");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        // pg_ctl start hands the log file to the server, so reading to EOF ends with pg_ctl
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running `" + String.join(" ", command) + "`", e);
    }
  }
}
