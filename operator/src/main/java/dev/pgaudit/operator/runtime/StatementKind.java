package dev.pgaudit.operator.runtime;

import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a settings statement (ALTER … SET pgaudit.x = … / ALTER … RESET pgaudit.x) sets or resets. */
enum StatementKind {
  SET, RESET, OTHER;

  // Quoted identifiers and literals are removed first: a role called "reset" must not count as a RESET.
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'");
  private static final Pattern RESET_WORD = Pattern.compile("\\bRESET\\b");
  private static final Pattern SET_WORD = Pattern.compile("\\bSET\\b");

  static StatementKind of(String statement) {
    if (statement == null) return OTHER;
    String bare = QUOTED.matcher(statement).replaceAll(" ").toUpperCase(Locale.ROOT);
    if (RESET_WORD.matcher(bare).find()) return RESET;
    if (SET_WORD.matcher(bare).find()) return SET;
    return OTHER;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
