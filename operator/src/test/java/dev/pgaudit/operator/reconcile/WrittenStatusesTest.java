package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicyStatus;
import dev.pgaudit.operator.plan.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status write is left out only when it would write what this process just wrote over the same version. */
class WrittenStatusesTest {
  private final WrittenStatuses written = new WrittenStatuses();

  private static PgAuditPolicy at(String resourceVersion) {
    PgAuditPolicy p = Policies.database("db", "2026-01-01T00:00:00Z", List.of("billing"));
    p.getMetadata().setResourceVersion(resourceVersion);
    return p;
  }

  private static PgAuditPolicyStatus status(long generation) {
    PgAuditPolicyStatus s = new PgAuditPolicyStatus();
    s.setObservedGeneration(generation);
    return s;
  }

  @Test
  void theSameStatusOverTheSameVersionIsAlreadyThereAndNothingElseIs() {
    written.writing(at("10"), status(1));

    assertThat(written.alreadyThere(at("10"), status(1))).as("the cache has not seen the write yet").isTrue();
    assertThat(written.alreadyThere(at("10"), status(2))).as("another status").isFalse();
    assertThat(written.alreadyThere(at("11"), status(1))).as("the cache moved on: compared as usual").isFalse();

    written.forget(at("10")); // the write failed
    assertThat(written.alreadyThere(at("10"), status(1))).isFalse();
  }
}
