package dev.pgaudit.testkit.postgres;

/** Run in a child JVM by {@link PgAuditClusterShutdownHookTest}: launches, reports, exits without close(). */
public final class LaunchThenExit {
  private LaunchThenExit() {}

  public static void main(String[] args) {
    PgAuditCluster cluster = PgAuditCluster.launch();
    System.out.println("DIR=" + cluster.serverLog().getParent());
    System.out.println("PORT=" + cluster.port());
    System.out.flush();
    System.exit(0);
  }
}
