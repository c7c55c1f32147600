package dev.pgaudit.operator.postgres;

import dev.pgaudit.testkit.postgres.PgLogin;

/**
 * The test kit's logins as the operator's own connection parameters, for the tests that hand the
 * throwaway cluster (or the simulator's SQL side) to the product's code. The kit has its own type
 * on purpose: it depends on nothing of the operator.
 */
public final class TestLogins {
  private TestLogins() {}

  public static PgConnectionParams params(PgLogin login) {
    return new PgConnectionParams(login.host(), login.port(), login.user(), login.password(), login.dbname(),
        login.sslmode(), null);
  }
}
