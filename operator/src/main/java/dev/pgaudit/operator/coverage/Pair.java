package dev.pgaudit.operator.coverage;

import java.util.Comparator;
import java.util.regex.Pattern;

/** One (database, login role) pair: a session of {@code role} connected to {@code database}. */
public record Pair(String database, String role) {
  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  public static final Comparator<Pair> ORDER = Comparator.comparing(Pair::database).thenComparing(Pair::role);

  /** role@database, a name quoted as PostgreSQL quotes identifiers only when it is not plain (e.g. "App"@orders). */
  @Override
  public String toString() {
    return name(role) + "@" + name(database);
  }

  private static String name(String name) {
    return PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
