package dev.pgaudit.operator.postgres;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a pgaudit.log value the way pgaudit does: PostgreSQL's identifier-list syntax
 * (SplitIdentifierString), then a bitmap built left to right where a leading '-' clears bits.
 */
final class LogClassList {
  private LogClassList() {}

  /** The bits of pgaudit's log bitmap; "misc" sets two of them, "all" every one. */
  private enum Bit { READ, WRITE, FUNCTION, ROLE, DDL, MISC, MISC_SET }

  /** The effective classes as lower-case names, or empty when pgaudit would reject the value. */
  static Optional<Set<String>> effectiveClasses(String raw) {
    if (raw == null) return Optional.empty();
    Optional<List<String>> items = split(raw);
    if (items.isEmpty()) return Optional.empty();
    EnumSet<Bit> bits = EnumSet.noneOf(Bit.class);
    for (String item : items.get()) {
      boolean subtract = item.startsWith("-");
      Optional<Set<Bit>> named = bitsOf(subtract ? item.substring(1) : item);
      if (named.isEmpty()) return Optional.empty();
      if (subtract) bits.removeAll(named.get());
      else bits.addAll(named.get());
    }
    Set<String> names = new TreeSet<>();
    for (Bit b : bits) names.add(b.name().toLowerCase(Locale.ROOT));
    return Optional.of(Collections.unmodifiableSet(names));
  }

  private static Optional<Set<Bit>> bitsOf(String token) {
    Set<Bit> bits = switch (token.toLowerCase(Locale.ROOT)) {
      case "none" -> EnumSet.noneOf(Bit.class); // adds nothing, and "-none" removes nothing
      case "all" -> EnumSet.allOf(Bit.class);
      case "read" -> EnumSet.of(Bit.READ);
      case "write" -> EnumSet.of(Bit.WRITE);
      case "function" -> EnumSet.of(Bit.FUNCTION);
      case "role" -> EnumSet.of(Bit.ROLE);
      case "ddl" -> EnumSet.of(Bit.DDL);
      case "misc" -> EnumSet.of(Bit.MISC, Bit.MISC_SET);
      case "misc_set" -> EnumSet.of(Bit.MISC_SET);
      default -> null;
    };
    return Optional.ofNullable(bits);
  }

  /**
   * Splits at commas like PostgreSQL's SplitIdentifierString: whitespace around items is
   * ignored, an item may be double-quoted ("" inside stands for "), empty items are invalid and
   * an empty string is an empty list.
   */
  static Optional<List<String>> split(String raw) {
    List<String> items = new ArrayList<>();
    int i = skipSpace(raw, 0);
    if (i == raw.length()) return Optional.of(items);
    while (true) {
      StringBuilder item = new StringBuilder();
      if (raw.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= raw.length()) return Optional.empty(); // unterminated quote
          char c = raw.charAt(i++);
          if (c != '"') {
            item.append(c);
          } else if (i < raw.length() && raw.charAt(i) == '"') {
            item.append('"');
            i++;
          } else {
            break;
          }
        }
      } else {
        while (i < raw.length() && raw.charAt(i) != ',' && !isSpace(raw.charAt(i))) item.append(raw.charAt(i++));
      }
      if (item.length() == 0) return Optional.empty();
      items.add(item.toString());
      i = skipSpace(raw, i);
      if (i == raw.length()) return Optional.of(items);
      if (raw.charAt(i) != ',') return Optional.empty();
      i = skipSpace(raw, i + 1);
      if (i == raw.length()) return Optional.empty(); // trailing comma: an empty last item
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) i++;
    return i;
  }

  // PostgreSQL's scanner_isspace: exactly these five characters.
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
