package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One write the applier performs. Every kind is handled exhaustively by applier, status and events. */
public sealed interface Change {

  /** status.plan lines: target, setting, from, to. */
  List<dev.pgaudit.operator.api.PlannedChange> lines();

  /** The layer the write belongs to: its condition reports whether it landed. */
  default Layer layer() {
    if (this instanceof SetServiceKeys) return Layer.SERVICE;
    if (this instanceof SqlSettings) return Layer.SQL;
    return Layer.SINK;
  }

  /** One line for events and failure messages: the plan lines joined. */
  default String describe() {
    return String.join("; ", lines().stream().map(Object::toString).toList());
  }

  /** One PUT of user_config.pgaudit with only these keys; {@code before} holds the old values. */
  record SetServiceKeys(Map<String, Object> keys, Map<String, Object> before) implements Change {
    public List<dev.pgaudit.operator.api.PlannedChange> lines() {
      List<dev.pgaudit.operator.api.PlannedChange> lines = new ArrayList<>();
      keys.forEach((k, v) -> lines.add(line("service", "pgaudit." + k, before.get(k), v)));
      return lines;
    }
  }

  /** SET and RESET statements on one SQL target; {@code before} holds the stored values. */
  record SqlSettings(SqlTarget target, Map<PgAuditSetting, String> set, Set<PgAuditSetting> reset,
      Map<PgAuditSetting, String> before) implements Change {
    public List<dev.pgaudit.operator.api.PlannedChange> lines() {
      List<dev.pgaudit.operator.api.PlannedChange> lines = new ArrayList<>();
      set.forEach((s, v) -> lines.add(line(target.describe(), s.guc(), before.get(s), v)));
      reset.forEach(s -> lines.add(line(target.describe(), s.guc(), before.get(s), null)));
      return lines;
    }
  }

  record CreateIntegration(Slot.LogsIntegration slot, Map<String, Object> userConfig) implements Change {
    public List<dev.pgaudit.operator.api.PlannedChange> lines() {
      return List.of(line(slot.target(), "create", null, userConfig));
    }
  }

  record UpdateIntegration(Slot.LogsIntegration slot, String id, Map<String, Object> userConfig,
      Map<String, Object> before) implements Change {
    public List<dev.pgaudit.operator.api.PlannedChange> lines() {
      return List.of(line(slot.target(), "user_config", before, userConfig));
    }
  }

  record DeleteIntegration(Slot.LogsIntegration slot, String id) implements Change {
    public List<dev.pgaudit.operator.api.PlannedChange> lines() {
      return List.of(line(slot.target(), "delete", id, null));
    }
  }

  private static dev.pgaudit.operator.api.PlannedChange line(String target, String setting, Object from, Object to) {
    return new dev.pgaudit.operator.api.PlannedChange(target, setting, Values.render(from), Values.render(to));
  }
}
