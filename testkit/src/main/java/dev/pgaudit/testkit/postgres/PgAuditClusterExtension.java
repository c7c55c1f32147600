package dev.pgaudit.testkit.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One throwaway PostgreSQL + pgaudit cluster per test class:
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static final PgAuditClusterExtension PG = new PgAuditClusterExtension();
 * ... PG.cluster().avnadminParams() ...
 * </pre>
 */
public final class PgAuditClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private PgAuditCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = PgAuditCluster.launch();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) cluster.close();
    cluster = null;
  }

  public PgAuditCluster cluster() {
    if (cluster == null) throw new IllegalStateException("the cluster runs only while the test class runs");
    return cluster;
  }
}
