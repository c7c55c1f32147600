package dev.pgaudit.operator.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's client sessions as pg_stat_activity shows them, and the server's clock when read
 * (so start times compare with the server's own time, whatever the operator's clock says).
 */
public record ClientSessions(Instant readAt, List<Session> sessions) {

  /**
   * {@code started} is null when the connected role may not see it: PostgreSQL hides backend_start
   * of other roles' sessions unless the viewer has their privileges (or pg_read_all_stats).
   */
  public record Session(int pid, String database, String role, Instant started) {}

  public ClientSessions {
    sessions = List.copyOf(sessions);
  }

  // backend_type is hidden along with the rest for sessions one may not see, so NULL is kept. The
  // LEFT JOIN returns the server's time even when there is no other session. The operator's own
  // sessions (this one, and others of this process, idle or in use) run no user statement.
  private static final String SQL = """
      SELECT pg_catalog.statement_timestamp() AS read_at, a.pid, a.datname, a.usename, a.backend_start
      FROM (SELECT 1) AS one
      LEFT JOIN pg_catalog.pg_stat_activity a
        ON a.pid <> pg_catalog.pg_backend_pid() AND a.pid <> ALL (?::int4[])
        AND (a.backend_type = 'client backend' OR a.backend_type IS NULL)
        AND a.datname IS NOT NULL AND a.usename IS NOT NULL
      """;

  /** @param ownBackends backend pids of this process's other sessions on the server, left out */
  static ClientSessions read(Connection connection, Set<Integer> ownBackends) throws SQLException {
    Instant readAt = null;
    List<Session> sessions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(SQL)) {
      statement.setArray(1, connection.createArrayOf("int4", ownBackends.toArray(Integer[]::new)));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          readAt = rows.getTimestamp("read_at").toInstant();
          if (rows.getString("datname") == null) continue;
          Timestamp started = rows.getTimestamp("backend_start");
          sessions.add(new Session(rows.getInt("pid"), rows.getString("datname"), rows.getString("usename"),
              started == null ? null : started.toInstant()));
        }
      }
    }
    return new ClientSessions(readAt, sessions);
  }
}
