package dev.pgaudit.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.AuditClass;
import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.api.PgAuditPolicySpec;
import dev.pgaudit.operator.api.Scope;
import dev.pgaudit.operator.api.ScopeLevel;
import dev.pgaudit.operator.api.ServiceRef;
import dev.pgaudit.operator.plan.ServiceKey;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Two informers see policies at slightly different moments: the newest version of each counts. */
class LivePoliciesTest {
  private static final ServiceKey PG = new ServiceKey("acme", "pg");
  private static final ServiceKey OTHER = new ServiceKey("acme", "other");

  @Test
  void theNewerGenerationWinsWhicheverCacheHoldsIt() {
    PgAuditPolicy winnerBefore = policy("a", "uid-a", 1, "pg", "shared");
    PgAuditPolicy winnerAfter = policy("a", "uid-a", 2, "pg", "other-db");
    PgAuditPolicy loser = policy("b", "uid-b", 1, "pg", "shared");

    // the controller's cache is behind: the peers source already has the winner's edit
    List<PgAuditPolicy> live = LivePolicies.on(PG, cache(winnerBefore, loser), cache(winnerAfter, loser));
    assertThat(live).extracting(p -> p.getSpec().getScope().getDatabases()).containsExactlyInAnyOrder(
        List.of("other-db"), List.of("shared"));
    assertThat(LivePolicies.on(PG, cache(winnerAfter, loser), cache(winnerBefore, loser)))
        .containsExactlyInAnyOrderElementsOf(live);
  }

  @Test
  void aPolicyMovedToAnotherServiceIsGoneFromTheOldOneEvenWhereOneCacheIsBehind() {
    PgAuditPolicy before = policy("a", "uid-a", 1, "pg", "shared");
    PgAuditPolicy moved = policy("a", "uid-a", 2, "other", "shared");

    assertThat(LivePolicies.on(PG, cache(before), cache(moved))).isEmpty();
    assertThat(LivePolicies.on(OTHER, cache(before), cache(moved))).containsExactly(moved);
  }

  @Test
  void aPolicyBeingDeletedIsNotLiveAndARecreatedNameIsANewPolicy() {
    PgAuditPolicy live = policy("a", "uid-a", 3, "pg", "shared");
    PgAuditPolicy deleting = policy("a", "uid-a", 3, "pg", "shared");
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    assertThat(LivePolicies.on(PG, cache(live), cache(deleting))).isEmpty();
    assertThat(LivePolicies.on(PG, cache(deleting), null)).isEmpty();

    PgAuditPolicy recreated = policy("a", "uid-a2", 1, "pg", "shared");
    assertThat(LivePolicies.on(PG, cache(deleting), cache(recreated))).containsExactly(recreated);
  }

  private static PgAuditPolicy policy(String name, String uid, long generation, String service, String database) {
    PgAuditPolicySpec spec = new PgAuditPolicySpec();
    spec.setService(new ServiceRef("acme", service));
    spec.setScope(new Scope(ScopeLevel.Database, List.of(database), null));
    spec.setLog(new ArrayList<>(List.of(AuditClass.DDL)));
    PgAuditPolicy p = new PgAuditPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("t").withName(name).withUid(uid).withGeneration(generation).build());
    p.setSpec(spec);
    return p;
  }

  private static IndexedResourceCache<PgAuditPolicy> cache(PgAuditPolicy... policies) {
    Map<ResourceID, PgAuditPolicy> byId = new LinkedHashMap<>();
    for (PgAuditPolicy p : policies) byId.put(ResourceID.fromResource(p), p);
    return new IndexedResourceCache<>() {
      @Override public List<PgAuditPolicy> byIndex(String index, String key) {
        return byId.values().stream().filter(p -> LivePolicies.SERVICE_INDEX.apply(p).contains(key)).toList();
      }
      @Override public Stream<PgAuditPolicy> list(String namespace, Predicate<PgAuditPolicy> predicate) {
        return list(predicate).filter(p -> namespace.equals(p.getMetadata().getNamespace()));
      }
      @Override public Optional<PgAuditPolicy> get(ResourceID id) { return Optional.ofNullable(byId.get(id)); }
      @Override public Stream<ResourceID> keys() { return byId.keySet().stream(); }
      @Override public Stream<PgAuditPolicy> list(Predicate<PgAuditPolicy> predicate) {
        return byId.values().stream().filter(predicate);
      }
    };
  }
}
