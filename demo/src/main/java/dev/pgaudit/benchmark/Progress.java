package dev.pgaudit.benchmark;

import java.io.PrintStream;
import java.util.Locale;

/** One line per step on the console, so a long run shows where it is. */
record Progress(PrintStream out) {
  void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
