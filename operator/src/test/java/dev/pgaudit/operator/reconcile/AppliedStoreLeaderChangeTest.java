package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Priors;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The applied records across a leader change: each replica has its own store over the same
 * ConfigMaps. The new leader reads what the old one wrote, and an old leader that still writes
 * after the new one did (paused, not yet exited) is refused by the resource version instead of
 * overwriting the newer record; it reads again before its next write.
 */
@EnableKubernetesMockClient(crud = true)
class AppliedStoreLeaderChangeTest {
  static KubernetesClient client;
  // Held: JUL keeps loggers weakly, and the mock server logs every request at INFO.
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");

  private static AppliedRecord database(String db) {
    return new AppliedRecord(List.of(new AppliedRecord.SqlSettings("Database", List.of(db), List.of(), Set.of(PgAuditSetting.LOG))));
  }

  private static ServiceRecord record(Map<String, AppliedRecord> byPolicy) {
    Priors priors = new Priors(Map.of(new Slot.AivenKey("log"), List.of("read")), true);
    return new ServiceRecord(SERVICE, byPolicy, priors, Set.of());
  }

  @Test
  void theNewLeaderReadsTheOldLeadersRecordAndAStaleWriteIsRefusedNotLost() {
    AppliedStore oldLeader = new AppliedStore("pgaudit-system", Duration.ofSeconds(1));
    ServiceRecord written = record(Map.of("team-a/p", database("orders")));
    oldLeader.load(client, SERVICE);
    oldLeader.save(client, written);

    AppliedStore newLeader = new AppliedStore("pgaudit-system", Duration.ofSeconds(1));
    assertThat(newLeader.load(client, SERVICE)).isEqualTo(written);
    assertThat(newLeader.servicesOf(client, "team-a/p")).containsExactly(SERVICE);
    ServiceRecord newer = written.withPolicy("team-b/q", database("billing"));
    newLeader.save(client, newer);

    ServiceRecord stale = written.withPolicy("team-a/p", database("sales"));
    assertThatThrownBy(() -> oldLeader.save(client, stale)).isInstanceOfSatisfying(ReconcileFailure.class,
        f -> assertThat(f.reason).isEqualTo(Conditions.Reason.RECORD_UNAVAILABLE));
    assertThat(new AppliedStore("pgaudit-system", Duration.ofSeconds(1)).load(client, SERVICE)).isEqualTo(newer);
    // the refused writer forgot its copy: its next load sees the newer record
    assertThat(oldLeader.load(client, SERVICE)).isEqualTo(newer);
  }
}
