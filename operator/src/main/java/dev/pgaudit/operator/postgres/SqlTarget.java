package dev.pgaudit.operator.postgres;

/** Where a SQL-level pgaudit setting is stored: a database, a role, or a role in a database. */
public sealed interface SqlTarget {

  /**
   * Human-readable and unambiguous, names quoted as PostgreSQL quotes identifiers: database "orders",
   * role "app" in database "orders", role "app"" in database ""orders" (one role with quotes in its name).
   */
  String describe();

  record Database(String database) implements SqlTarget {
    public String describe() { return "database " + SqlQuoting.quoted(database); }
  }

  record Role(String role) implements SqlTarget {
    public String describe() { return "role " + SqlQuoting.quoted(role); }
  }

  record RoleInDatabase(String role, String database) implements SqlTarget {
    public String describe() { return "role " + SqlQuoting.quoted(role) + " in database " + SqlQuoting.quoted(database); }
  }
}
