package dev.pgaudit.operator.plan;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.api.AuditClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipTest {

  @Test
  void policiesWantingTheSameValueShareTheSlot() {
    var older = Intents.of(Policies.service("older", "2026-01-01T00:00:00Z", DDL, READ));
    var newer = Intents.of(Policies.service("newer", "2026-01-02T00:00:00Z", READ, DDL));
    Ownership ownership = Ownership.resolve(List.of(newer, older));
    assertThat(ownership.conflictOf(older.ref())).isEmpty();
    assertThat(ownership.conflictOf(newer.ref())).isEmpty();
    assertThat(ownership.isHeld(new Slot.AivenKey("log"))).isTrue();
  }

  @Test
  void theNewerPolicyLosesAsAWholeAndIsToldTheWinner() {
    var older = Intents.of(Policies.service("older", "2026-01-01T00:00:00Z", DDL));
    var newer = Intents.of(Policies.settings(Policies.service("newer", "2026-01-02T00:00:00Z", WRITE),
        s -> s.setLogRows(true)));
    Ownership ownership = Ownership.resolve(List.of(newer, older));

    var conflict = ownership.conflictOf(newer.ref()).orElseThrow();
    assertThat(conflict.winner()).isEqualTo(older.ref());
    assertThat(conflict.message(newer.ref())).contains("team-a/older").contains("pgaudit.log").contains("[write]");
    assertThat(ownership.conflictOf(older.ref())).isEmpty();
    // nothing of the loser is held, not even the slot nobody else wanted
    assertThat(ownership.isHeld(new Slot.AivenKey("log_rows"))).isFalse();
  }

  @Test
  void differentTargetsMerge() {
    var a = Intents.of(Policies.database("a", "2026-01-01T00:00:00Z", List.of("orders"), READ));
    var b = Intents.of(Policies.database("b", "2026-01-02T00:00:00Z", List.of("billing"), WRITE));
    var c = Intents.of(Policies.service("c", "2026-01-03T00:00:00Z", DDL));
    Ownership ownership = Ownership.resolve(List.of(a, b, c));
    assertThat(List.of(a, b, c)).allSatisfy(p -> assertThat(ownership.conflictOf(p.ref())).isEmpty());
    assertThat(ownership.anyOwner()).isTrue();
  }

  @Test
  void sameCreationTimeIsDecidedByName() {
    var b = Intents.of(Policies.service("b", "2026-01-01T00:00:00Z", DDL));
    var a = Intents.of(Policies.service("a", "2026-01-01T00:00:00Z", WRITE));
    assertThat(Ownership.resolve(List.of(b, a)).conflictOf(b.ref()).orElseThrow().winner()).isEqualTo(a.ref());
  }

  @Test
  void dryRunPoliciesOwnNothingButLearnOfConflicts() {
    var dry = Intents.of(Policies.dryRun(Policies.service("dry", "2026-01-01T00:00:00Z", WRITE)));
    var enforced = Intents.of(Policies.service("enforced", "2026-01-02T00:00:00Z", DDL));
    Ownership ownership = Ownership.resolve(List.of(dry, enforced));
    assertThat(ownership.conflictOf(enforced.ref())).isEmpty();
    assertThat(ownership.conflictOf(dry.ref()).orElseThrow().winner()).isEqualTo(enforced.ref());

    Ownership onlyDry = Ownership.resolve(List.of(dry));
    assertThat(onlyDry.anyOwner()).isFalse();
    assertThat(onlyDry.isHeld(new Slot.AivenKey("log"))).isFalse();
  }

  @Test
  void conflictingSinkSettingsConflict() {
    var a = Intents.of(Policies.sink(Policies.service("a", "2026-01-01T00:00:00Z", DDL), "os", "logs", 3));
    var b = Intents.of(Policies.sink(Policies.database("b", "2026-01-02T00:00:00Z", List.of("d"), READ), "os", "audit", 3));
    var c = Intents.of(Policies.sink(Policies.database("c", "2026-01-03T00:00:00Z", List.of("e"), READ), "os", "logs", 3));
    Ownership ownership = Ownership.resolve(List.of(a, b, c));
    assertThat(ownership.conflictOf(b.ref())).isPresent();
    assertThat(ownership.conflictOf(c.ref())).isEmpty();
  }
}
