package dev.pgaudit.operator.postgres;

/** Where a SQL-level pgaudit setting is stored: a database, a role, or a role in a database. */
public sealed interface SqlTarget {

  /** Human-readable, unambiguous, e.g. database "orders" or role "app" in database "orders". */
  String describe();

  record Database(String database) implements SqlTarget {
    public String describe() { return "database \"" + database + "\""; }
  }

  record Role(String role) implements SqlTarget {
    public String describe() { return "role \"" + role + "\""; }
  }

  record RoleInDatabase(String role, String database) implements SqlTarget {
    public String describe() { return "role \"" + role + "\" in database \"" + database + "\""; }
  }
}
