package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SettingValues;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where one policy turns auditing down for sessions another policy audits: a pgaudit.log set on a
 * more specific target wins in PostgreSQL (role in database > role > database > service config),
 * so a role-level {@code none}, fewer classes or a {@code -class} exclusion silences what a
 * database- or service-level policy asked for, without any conflict on the same slot. Derived from
 * the live policies on one service, like {@link Ownership}; the reconciler tells both policies.
 *
 * @param lost the classes the covered policy asks for that the reducer's sessions no longer log
 */
public record AuditReduction(PolicyRef reducer, Slot reducerSlot, PolicyRef covered, Slot coveredSlot, Set<String> lost) {

  /** Every reduction among these policies (each pair once per overriding slot). */
  public static List<AuditReduction> among(List<PolicyIntent> policies) {
    List<AuditReduction> found = new ArrayList<>();
    for (PolicyIntent reducer : policies) {
      for (var r : logSlots(reducer).entrySet()) {
        for (PolicyIntent covered : policies) {
          if (covered.ref().equals(reducer.ref())) continue;
          for (var c : logSlots(covered).entrySet()) {
            if (!overrides(r.getKey(), c.getKey())) continue;
            Set<String> lost = new TreeSet<>(c.getValue());
            lost.removeAll(r.getValue());
            if (!lost.isEmpty()) found.add(new AuditReduction(reducer.ref(), r.getKey(), covered.ref(), c.getKey(), lost));
          }
        }
      }
    }
    return found;
  }

  /** The reductions the policy makes or suffers. */
  public static List<AuditReduction> involving(PolicyRef policy, List<AuditReduction> all) {
    return all.stream().filter(r -> r.reducer().equals(policy) || r.covered().equals(policy)).toList();
  }

  /** The classes a policy's pgaudit.log slots switch on; unparsable values are left out (the planner reports them). */
  static Map<Slot, Set<String>> logSlots(PolicyIntent policy) {
    Map<Slot, Set<String>> slots = new java.util.LinkedHashMap<>();
    policy.wants().forEach((slot, value) -> classes(slot, value).ifPresent(c -> slots.put(slot, c)));
    return slots;
  }

  /** The classes set in a pgaudit.log slot; empty for other slots. */
  static Optional<Set<String>> classes(Slot slot, Object value) {
    if (slot instanceof Slot.AivenKey key && key.key().equals("log") && value instanceof List<?> list) {
      return SettingValues.logClasses(String.join(", ", list.stream().map(String::valueOf).toList()));
    }
    if (slot instanceof Slot.Sql sql && sql.pgSetting() == PgAuditSetting.LOG && value instanceof String text) {
      return SettingValues.logClasses(text);
    }
    return Optional.empty();
  }

  /** True when sessions governed by {@code covered} take their pgaudit.log from {@code specific} (some or all of them). */
  static boolean overrides(Slot specific, Slot covered) {
    if (!(specific instanceof Slot.Sql s)) return false;
    if (covered instanceof Slot.AivenKey) return true;
    if (!(covered instanceof Slot.Sql c)) return false;
    SqlTarget st = s.sqlTarget();
    SqlTarget ct = c.sqlTarget();
    if (ct instanceof SqlTarget.Database db) {
      return st instanceof SqlTarget.Role || st instanceof SqlTarget.RoleInDatabase rid && rid.database().equals(db.database());
    }
    return ct instanceof SqlTarget.Role role && st instanceof SqlTarget.RoleInDatabase rid && rid.role().equals(role.role());
  }

  /** For the covered policy's condition and both policies' Warning events. */
  public String message() {
    return "policy " + reducer + " sets pgaudit.log on " + reducerSlot.target() + ", which overrides " + covered
        + "'s pgaudit.log on " + coveredSlot.target() + (reducerSlot instanceof Slot.Sql s && s.sqlTarget() instanceof SqlTarget.Role
            && coveredSlot instanceof Slot.Sql c && c.sqlTarget() instanceof SqlTarget.Database ? " for that role's sessions" : "")
        + ": " + String.join(", ", lost) + " no longer logged there";
  }
}
