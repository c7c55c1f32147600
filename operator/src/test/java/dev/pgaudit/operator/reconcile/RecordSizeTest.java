package dev.pgaudit.operator.reconcile;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.LogLevel;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Intents;
import dev.pgaudit.operator.plan.Policies;
import dev.pgaudit.operator.plan.PolicyIntent;
import dev.pgaudit.operator.plan.Priors;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 asks the applied record to stay small: bounded by the spec's size, not by the number of
 * targets × settings written. Measured on the largest spec the CRD accepts at a SQL scope.
 */
class RecordSizeTest {
  private static final ServiceKey SERVICE = new ServiceKey("acme", "pg-orders");

  /** 100 databases × 100 roles (the CRD's maxItems), names of 63 bytes (PostgreSQL's limit), every SQL setting, a sink. */
  private static PgAuditPolicy largestSqlPolicy() {
    List<String> dbs = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      dbs.add(name("d", i));
      roles.add(name("r", i));
    }
    PgAuditPolicy p = Policies.policy("largest", "2026-01-01T00:00:00Z", ScopeLevel.DatabaseRole, dbs, roles, WRITE, DDL);
    Policies.settings(p, s -> {
      s.setLogCatalog(false);
      s.setLogClient(true);
      s.setLogLevel(LogLevel.notice);
      s.setLogParameter(true);
      s.setLogParameterMaxSize(1024);
      s.setLogRelation(true);
      s.setLogRows(true);
      s.setLogStatement(true);
      s.setLogStatementOnce(false);
      s.setRole("auditor");
    });
    return Policies.sink(p, "os-audit", "logs", 3);
  }

  private static String name(String prefix, int i) {
    String n = prefix + i + "_";
    return n + "x".repeat(63 - n.length());
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void theLargestSqlSpecsRecordIsTheSizeOfItsNamesNotOfItsHundredThousandSlots() {
    PolicyIntent intent = Intents.of(largestSqlPolicy());
    AppliedRecord record = AppliedRecord.of(intent);
    Map<String, String> data = RecordCodec.encode(new ServiceRecord(SERVICE, Map.of("team-a/largest", record), Priors.NONE, Set.of()));

    int entry = bytes(data.get(RecordCodec.policyKey("team-a/largest")));
    int names = 200 * 63;
    int total = data.entrySet().stream().mapToInt(e -> bytes(e.getKey()) + bytes(e.getValue())).sum();
    // 100 × 100 targets × 11 settings + the integration: what a record per slot would have to list
    assertThat(intent.wants()).hasSize(110_001);
    assertThat(record.slots()).isEqualTo(intent.wants().keySet());
    // the names, quoted and separated, plus a few hundred bytes of structure
    assertThat(entry).isBetween(names, names + 200 * 3 + 600);
    assertThat(total).isLessThan(names + 200 * 3 + 1024);
    System.out.printf("applied record of the largest SQL spec: policy entry %d bytes, ConfigMap data %d bytes,"
        + " for %d slots (names alone: %d bytes)%n", entry, total, intent.wants().size(), names);
  }

  @Test
  void anEditsWriteAheadRecordIsTheSumOfTwoSpecsAndNarrowsBackToOne() {
    PolicyIntent before = Intents.of(largestSqlPolicy());
    PgAuditPolicy edited = largestSqlPolicy();
    edited.getSpec().getScope().setRoles(edited.getSpec().getScope().getRoles().subList(0, 50));
    PolicyIntent after = Intents.of(edited);

    int one = bytes(RecordCodec.encode(record(AppliedRecord.of(before))).get(RecordCodec.policyKey("team-a/largest")));
    AppliedRecord union = AppliedRecord.of(before).union(AppliedRecord.of(after));
    int during = bytes(RecordCodec.encode(record(union)).get(RecordCodec.policyKey("team-a/largest")));
    int narrowed = bytes(RecordCodec.encode(record(AppliedRecord.of(after))).get(RecordCodec.policyKey("team-a/largest")));

    assertThat(union.slots()).hasSize(110_001);
    assertThat(during).isLessThan(one + narrowed + 100);
    assertThat(narrowed).isLessThan(one);
  }

  private static ServiceRecord record(AppliedRecord record) {
    return new ServiceRecord(SERVICE, Map.of("team-a/largest", record), Priors.NONE, Set.of());
  }
}
