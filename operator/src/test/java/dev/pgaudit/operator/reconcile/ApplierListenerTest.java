package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.plan.Change;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A run's changes are told in a bounded number of lines; a listener wrapping the teller still sees each. */
class ApplierListenerTest {
  static Change.SqlSettings change(int i) {
    return new Change.SqlSettings(new SqlTarget.Database("db" + i), Map.of(PgAuditSetting.LOG, "read"), Set.of(), Map.of());
  }

  @Test
  void theFirstTwentyChangesAreToldOneByOneAndTheRestAsOneCountWhenTheRunEnds() {
    List<String> lines = new ArrayList<>();
    List<Change> seen = new ArrayList<>();
    Applier.Listener teller = Applier.Listener.describing("undone: ", lines::add);
    Applier.Listener both = new Applier.Listener() {
      @Override public void applied(Change change) {
        seen.add(change);
        teller.applied(change);
      }

      @Override public void done() {
        teller.done();
      }
    };

    for (int i = 0; i < 25; i++) both.applied(change(i));
    assertThat(lines).hasSize(Applier.MAX_TOLD);
    both.done();

    assertThat(seen).hasSize(25);
    assertThat(lines).hasSize(Applier.MAX_TOLD + 1).first().asString().startsWith("undone: ").contains("db0");
    assertThat(lines.get(Applier.MAX_TOLD))
        .isEqualTo("undone: and 5 more change(s) of database/role settings, not listed one by one");
  }

  @Test
  void aRunWithFewChangesTellsNoCount() {
    List<String> lines = new ArrayList<>();
    Applier.Listener teller = Applier.Listener.describing("", lines::add);
    teller.applied(change(1));
    teller.done();
    assertThat(lines).hasSize(1);
  }
}
