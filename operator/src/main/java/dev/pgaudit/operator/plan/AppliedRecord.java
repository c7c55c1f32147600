package dev.pgaudit.operator.plan;

import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one policy wrote (or holds) on one service, in the spec's own compact shape: the settings
 * keys, the SQL targets as databases × roles, the sinks. Its size follows the spec's, not the
 * number of targets × settings. Usually one spec's worth of parts; while an edit is being applied,
 * the old spec's parts and the new one's (a write-ahead union), narrowed again once the release is
 * done. Values are not kept: what a release restores comes from {@link Priors}.
 */
public record AppliedRecord(List<Part> parts) {
  public static final AppliedRecord EMPTY = new AppliedRecord(List.of());

  /** Canonical (distinct, sorted), so the same content is always an equal record and rewrites nothing. */
  public AppliedRecord {
    parts = new LinkedHashSet<>(parts).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList();
  }

  /** One compact group of slots. */
  public sealed interface Part {
    List<Slot> slots();

    boolean covers(Slot slot);
  }

  /** user_config.pgaudit keys the policy manages (never feature_enabled, which is per service). */
  public record ServiceKeys(Set<String> keys) implements Part {
    public ServiceKeys {
      keys = Set.copyOf(new TreeSet<>(keys));
    }

    public List<Slot> slots() {
      return new TreeSet<>(keys).stream().<Slot>map(Slot.AivenKey::new).toList();
    }

    public boolean covers(Slot slot) {
      return slot instanceof Slot.AivenKey key && keys.contains(key.key());
    }
  }

  /**
   * The same settings on each target: level Database = each database, Role = each role,
   * DatabaseRole = each role in each database.
   */
  public record SqlSettings(String level, List<String> databases, List<String> roles, Set<PgAuditSetting> settings)
      implements Part {
    public SqlSettings {
      databases = List.copyOf(new TreeSet<>(databases));
      roles = List.copyOf(new TreeSet<>(roles));
      settings = Set.copyOf(settings);
    }

    public List<SqlTarget> targets() {
      List<SqlTarget> targets = new ArrayList<>();
      switch (level) {
        case "Database" -> databases.forEach(d -> targets.add(new SqlTarget.Database(d)));
        case "Role" -> roles.forEach(r -> targets.add(new SqlTarget.Role(r)));
        case "DatabaseRole" -> roles.forEach(r -> databases.forEach(d -> targets.add(new SqlTarget.RoleInDatabase(r, d))));
        default -> throw new IllegalArgumentException("unknown SQL level " + level);
      }
      return targets;
    }

    public List<Slot> slots() {
      List<Slot> slots = new ArrayList<>();
      List<PgAuditSetting> ordered = settings.stream().sorted().toList();
      for (SqlTarget target : targets()) ordered.forEach(s -> slots.add(new Slot.Sql(target, s)));
      return slots;
    }

    public boolean covers(Slot slot) {
      if (!(slot instanceof Slot.Sql sql) || !settings.contains(sql.pgSetting())) return false;
      return switch (level) {
        case "Database" -> sql.sqlTarget() instanceof SqlTarget.Database d && databases.contains(d.database());
        case "Role" -> sql.sqlTarget() instanceof SqlTarget.Role r && roles.contains(r.role());
        default -> sql.sqlTarget() instanceof SqlTarget.RoleInDatabase rd
            && roles.contains(rd.role()) && databases.contains(rd.database());
      };
    }
  }

  /** The logs integration to one OpenSearch service. */
  public record Sink(String destProject, String destService) implements Part {
    public List<Slot> slots() {
      return List.of(new Slot.LogsIntegration(destProject, destService));
    }

    public boolean covers(Slot slot) {
      return slot.equals(new Slot.LogsIntegration(destProject, destService));
    }
  }

  /**
   * Saved objects the operator created in the Dashboards of one OpenSearch service ("type/id"). No
   * slot: nobody else writes these ids, so there is no prior value and no conflict; released by
   * deleting them when no other policy uses them.
   */
  public record Dashboards(String destProject, String destService, List<String> objects) implements Part {
    public Dashboards {
      objects = List.copyOf(new TreeSet<>(objects));
    }

    public List<Slot> slots() {
      return List.of();
    }

    public boolean covers(Slot slot) {
      return false;
    }
  }

  /** Only the Dashboards parts (kept across the rewrites that build a record from the spec's slots). */
  public AppliedRecord dashboards() {
    return new AppliedRecord(parts.stream().filter(p -> p instanceof Dashboards).toList());
  }

  /** This record with the Dashboards part for the destination replaced (null: removed). */
  public AppliedRecord withDashboards(String destProject, String destService, Dashboards part) {
    List<Part> kept = new ArrayList<>(parts.stream().filter(p -> !(p instanceof Dashboards d
        && d.destProject().equals(destProject) && d.destService().equals(destService))).toList());
    if (part != null) kept.add(part);
    return new AppliedRecord(kept);
  }

  /** The record a policy leaves once everything it wants is written: its wants, grouped. */
  public static AppliedRecord of(PolicyIntent intent) {
    return ofSlots(intent.wants().keySet());
  }

  /**
   * Groups slots into parts. SQL slots group by target kind; within one kind the settings of the
   * first target are taken for all when every target has the same ones (the shape a spec makes),
   * otherwise each target gets its own part, so a part never covers a slot that was not given.
   */
  public static AppliedRecord ofSlots(Collection<Slot> slots) {
    List<Part> parts = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    Map<String, Map<SqlTarget, Set<PgAuditSetting>>> sqlByKind = new LinkedHashMap<>();
    List<Part> sinks = new ArrayList<>();
    for (Slot slot : slots) {
      if (slot instanceof Slot.AivenKey key) {
        keys.add(key.key());
      } else if (slot instanceof Slot.Sql sql) {
        sqlByKind.computeIfAbsent(kindOf(sql.sqlTarget()), k -> new LinkedHashMap<>())
            .computeIfAbsent(sql.sqlTarget(), t -> new TreeSet<>()).add(sql.pgSetting());
      } else if (slot instanceof Slot.LogsIntegration logs) {
        sinks.add(new Sink(logs.destProject(), logs.destService()));
      }
    }
    if (!keys.isEmpty()) parts.add(new ServiceKeys(keys));
    sqlByKind.forEach((kind, byTarget) -> parts.addAll(sqlParts(kind, byTarget)));
    parts.addAll(sinks);
    return new AppliedRecord(parts);
  }

  private static List<Part> sqlParts(String kind, Map<SqlTarget, Set<PgAuditSetting>> byTarget) {
    Set<PgAuditSetting> first = byTarget.values().iterator().next();
    Set<String> dbs = new LinkedHashSet<>();
    Set<String> roles = new LinkedHashSet<>();
    byTarget.keySet().forEach(t -> {
      if (t instanceof SqlTarget.Database d) dbs.add(d.database());
      if (t instanceof SqlTarget.Role r) roles.add(r.role());
      if (t instanceof SqlTarget.RoleInDatabase rd) {
        roles.add(rd.role());
        dbs.add(rd.database());
      }
    });
    SqlSettings whole = new SqlSettings(kind, List.copyOf(dbs), List.copyOf(roles), first);
    boolean uniform = byTarget.values().stream().allMatch(first::equals)
        && whole.targets().size() == byTarget.size();
    if (uniform) return List.of(whole);
    List<Part> parts = new ArrayList<>();
    byTarget.forEach((t, settings) -> parts.add(single(t, settings)));
    return parts;
  }

  private static SqlSettings single(SqlTarget target, Set<PgAuditSetting> settings) {
    if (target instanceof SqlTarget.Database d) return new SqlSettings("Database", List.of(d.database()), List.of(), settings);
    if (target instanceof SqlTarget.Role r) return new SqlSettings("Role", List.of(), List.of(r.role()), settings);
    SqlTarget.RoleInDatabase rd = (SqlTarget.RoleInDatabase) target;
    return new SqlSettings("DatabaseRole", List.of(rd.database()), List.of(rd.role()), settings);
  }

  private static String kindOf(SqlTarget target) {
    if (target instanceof SqlTarget.Database) return "Database";
    if (target instanceof SqlTarget.Role) return "Role";
    return "DatabaseRole";
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  /** Every slot the record covers, in a stable order. */
  public Set<Slot> slots() {
    Set<Slot> slots = new LinkedHashSet<>();
    parts.forEach(p -> slots.addAll(p.slots()));
    return slots;
  }

  public boolean covers(Slot slot) {
    return parts.stream().anyMatch(p -> p.covers(slot));
  }

  /** Both records' parts (the write-ahead record of an edit: what was there and what will be). */
  public AppliedRecord union(AppliedRecord other) {
    List<Part> all = new ArrayList<>(parts);
    all.addAll(other.parts);
    return new AppliedRecord(all);
  }
}
