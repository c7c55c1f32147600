package dev.pgaudit.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text columns for a terminal: left-aligned, two spaces apart, indented. Either all rows at
 * once ({@link #print}) or row by row with widths fixed up front ({@link #line}), for tables that
 * grow while the demo runs.
 */
final class TextTable {
  static final String INDENT = "  ";
  private static final String GAP = "  ";

  private final List<String> headers;
  private final int[] widths;

  private TextTable(List<String> headers, int[] widths) {
    this.headers = headers;
    this.widths = widths;
  }

  /** A table whose columns are at least as wide as the headers and the given minimum widths. */
  static TextTable withWidths(List<String> headers, int... minWidths) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(headers.get(i).length(), i < minWidths.length ? minWidths[i] : 0);
    }
    return new TextTable(headers, widths);
  }

  /** Prints headers and rows with columns as wide as their widest cell. */
  static void print(PrintStream out, List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) widths[i] = Math.max(widths[i], cell(row, i).length());
    }
    TextTable table = new TextTable(headers, widths);
    out.println(table.header());
    rows.forEach(row -> out.println(table.line(row)));
  }

  String header() {
    return line(headers);
  }

  /** One row; a cell longer than its column is cut with "..." so later rows stay aligned. */
  String line(List<String> cells) {
    List<String> padded = new ArrayList<>();
    for (int i = 0; i < widths.length; i++) {
      String cell = cell(cells, i);
      boolean last = i == widths.length - 1;
      if (!last && cell.length() > widths[i]) cell = cell.substring(0, widths[i] - 3) + "...";
      padded.add(last ? cell : pad(cell, widths[i]));
    }
    return INDENT + String.join(GAP, padded).stripTrailing();
  }

  /** Cuts text longer than {@code max} characters, marking the cut. */
  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() && row.get(i) != null ? row.get(i) : "";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
