package dev.pgaudit.operator.tenancy;

/**
 * Shell-style patterns for the rule set: {@code *} matches any run of characters (also none),
 * {@code ?} exactly one, everything else itself. No character classes: the names they match
 * (namespaces, projects, services, roles) are plain, and a pattern should read as what it allows.
 */
final class Glob {
  private Glob() {}

  static boolean matches(String p, String t) {
    // Iterative with one backtrack point: linear enough for names, and no regex built from config.
    int pi = 0;
    int ti = 0;
    int starP = -1;
    int starT = -1;
    while (ti < t.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starT = ti;
      } else if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
        pi++;
        ti++;
      } else if (starP >= 0) {
        pi = starP + 1;
        ti = ++starT;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') pi++;
    return pi == p.length();
  }
}
