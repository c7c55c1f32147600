package dev.pgaudit.testkit.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The server's log file, read from a mark onwards. A message whose text spans several lines
 * (a statement with newlines) is returned as one entry; a line still being written is left for
 * the next read.
 */
public final class ServerLog {
  // log_line_prefix starts with %m, e.g. "2025-01-31 12:00:00.123 UTC"
  private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

  private final Path file;

  ServerLog(Path file) {
    this.file = file;
  }

  public Path path() { return file; }

  /** The current end of the log; pass it to {@link #entriesSince} to see only what follows. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Complete log entries written after the mark. */
  public List<String> entriesSince(long mark) {
    String text = readFrom(mark);
    int end = text.lastIndexOf('\n');
    if (end < 0) return List.of();
    List<String> entries = new ArrayList<>();
    for (String line : text.substring(0, end).split("\n", -1)) {
      if (entries.isEmpty() || ENTRY_START.matcher(line).find()) {
        entries.add(line);
      } else {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
      }
    }
    return entries;
  }

  /** pgaudit's entries ("... LOG:  AUDIT: SESSION,1,1,READ,SELECT,...") written after the mark. */
  public List<String> auditEntriesSince(long mark) {
    return entriesSince(mark).stream().filter(entry -> entry.contains(" AUDIT: ")).toList();
  }

  private String readFrom(long mark) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= mark) return "";
      byte[] bytes = new byte[Math.toIntExact(length - mark)];
      in.seek(mark);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
