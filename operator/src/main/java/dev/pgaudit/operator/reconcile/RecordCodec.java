package dev.pgaudit.operator.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.plan.AppliedRecord;
import dev.pgaudit.operator.plan.Priors;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.plan.ServiceRecord;
import dev.pgaudit.operator.plan.Slot;
import dev.pgaudit.operator.postgres.PgAuditSetting;
import dev.pgaudit.operator.postgres.SqlTarget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link ServiceRecord} as ConfigMap data: {@code service} (project/name), {@code priors} (JSON)
 * and one {@code policy.<hash>} key per policy (JSON with its namespace/name and its parts). A
 * policy entry that cannot be read is reported as unreadable, never guessed at.
 */
final class RecordCodec {
  static final String SERVICE = "service";
  static final String PRIORS = "priors";
  static final String POLICY_PREFIX = "policy.";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private RecordCodec() {}

  static Map<String, String> encode(ServiceRecord record) {
    Map<String, String> data = new TreeMap<>();
    data.put(SERVICE, record.service().toString());
    data.put(PRIORS, json(priors(record.priors())));
    record.byPolicy().forEach((policy, applied) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("policy", policy);
      entry.put("parts", applied.parts().stream().map(RecordCodec::part).toList());
      data.put(policyKey(policy), json(entry));
    });
    return data;
  }

  static ServiceRecord decode(ServiceKey service, Map<String, String> data) {
    Map<String, AppliedRecord> byPolicy = new LinkedHashMap<>();
    Set<String> unreadable = new LinkedHashSet<>();
    Priors priors = Priors.NONE;
    boolean priorsReadable = true;
    try {
      if (data.containsKey(PRIORS)) priors = priors(JSON.readValue(data.get(PRIORS), MAP));
    } catch (JsonProcessingException | RuntimeException e) {
      priorsReadable = false;
    }
    for (var e : data.entrySet()) {
      if (!e.getKey().startsWith(POLICY_PREFIX)) continue;
      String policy = null;
      try {
        Map<String, Object> entry = JSON.readValue(e.getValue(), MAP);
        policy = (String) entry.get("policy");
        List<AppliedRecord.Part> parts = new ArrayList<>();
        for (Object p : (List<?>) entry.get("parts")) parts.add(part(asMap(p)));
        if (policy == null || !e.getKey().equals(policyKey(policy))) throw new IllegalArgumentException("key mismatch");
        byPolicy.put(policy, new AppliedRecord(parts));
      } catch (JsonProcessingException | RuntimeException bad) {
        if (policy != null) unreadable.add(policy);
      }
    }
    // Without readable priors no policy's release can be trusted to restore the right values.
    if (!priorsReadable) unreadable.addAll(byPolicy.keySet());
    return new ServiceRecord(service, byPolicy, priors, unreadable);
  }

  /** ConfigMap data keys allow [-._a-zA-Z0-9]: a hash of namespace/name, which is stored in the value. */
  static String policyKey(String policy) {
    return POLICY_PREFIX + hash(policy);
  }

  static String configMapName(ServiceKey service) {
    return "pgaudit-applied-" + hash(service.toString());
  }

  private static Map<String, Object> priors(Priors priors) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("featureEnabled", priors.featureEnabled());
    List<Map<String, Object>> values = new ArrayList<>();
    priors.values().forEach((slot, value) -> {
      Map<String, Object> v = new LinkedHashMap<>(slot(slot));
      v.put("value", value);
      values.add(v);
    });
    out.put("values", values);
    return out;
  }

  private static Priors priors(Map<String, Object> in) {
    Map<Slot, Object> values = new LinkedHashMap<>();
    for (Object v : (List<?>) in.getOrDefault("values", List.of())) {
      Map<String, Object> m = asMap(v);
      values.put(slot(m), m.get("value"));
    }
    return new Priors(values, Boolean.TRUE.equals(in.get("featureEnabled")));
  }

  private static Map<String, Object> slot(Slot slot) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (slot instanceof Slot.AivenKey key) {
      m.put("key", key.key());
    } else if (slot instanceof Slot.Sql sql) {
      if (sql.sqlTarget() instanceof SqlTarget.Database d) m.put("database", d.database());
      if (sql.sqlTarget() instanceof SqlTarget.Role r) m.put("role", r.role());
      if (sql.sqlTarget() instanceof SqlTarget.RoleInDatabase rd) {
        m.put("role", rd.role());
        m.put("database", rd.database());
      }
      m.put("setting", sql.pgSetting().guc());
    } else if (slot instanceof Slot.LogsIntegration logs) {
      m.put("sinkProject", logs.destProject());
      m.put("sinkService", logs.destService());
    }
    return m;
  }

  private static Slot slot(Map<String, Object> m) {
    if (m.containsKey("key")) return new Slot.AivenKey((String) m.get("key"));
    if (m.containsKey("sinkService")) return new Slot.LogsIntegration((String) m.get("sinkProject"), (String) m.get("sinkService"));
    PgAuditSetting setting = setting((String) m.get("setting"));
    String db = (String) m.get("database");
    String role = (String) m.get("role");
    SqlTarget target = role == null ? new SqlTarget.Database(db)
        : db == null ? new SqlTarget.Role(role) : new SqlTarget.RoleInDatabase(role, db);
    return new Slot.Sql(target, setting);
  }

  private static Map<String, Object> part(AppliedRecord.Part part) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (part instanceof AppliedRecord.ServiceKeys keys) {
      m.put("serviceKeys", keys.keys().stream().sorted().toList());
    } else if (part instanceof AppliedRecord.SqlSettings sql) {
      m.put("level", sql.level());
      m.put("databases", sql.databases());
      m.put("roles", sql.roles());
      m.put("settings", sql.settings().stream().sorted().map(PgAuditSetting::guc).toList());
    } else if (part instanceof AppliedRecord.Sink sink) {
      m.put("sinkProject", sink.destProject());
      m.put("sinkService", sink.destService());
    } else if (part instanceof AppliedRecord.Dashboards dashboards) {
      m.put("dashboardsProject", dashboards.destProject());
      m.put("dashboardsService", dashboards.destService());
      m.put("dashboardsObjects", dashboards.objects());
    }
    return m;
  }

  private static AppliedRecord.Part part(Map<String, Object> m) {
    if (m.containsKey("serviceKeys")) return new AppliedRecord.ServiceKeys(new LinkedHashSet<>(strings(m.get("serviceKeys"))));
    if (m.containsKey("sinkService")) return new AppliedRecord.Sink((String) m.get("sinkProject"), (String) m.get("sinkService"));
    if (m.containsKey("dashboardsObjects")) {
      return new AppliedRecord.Dashboards(Objects.requireNonNull((String) m.get("dashboardsProject")),
          Objects.requireNonNull((String) m.get("dashboardsService")), strings(m.get("dashboardsObjects")));
    }
    Set<PgAuditSetting> settings = new LinkedHashSet<>();
    strings(m.get("settings")).forEach(s -> settings.add(setting(s)));
    AppliedRecord.SqlSettings sql = new AppliedRecord.SqlSettings((String) m.get("level"), strings(m.get("databases")),
        strings(m.get("roles")), settings);
    sql.targets(); // rejects an unknown level now, not when releasing
    return sql;
  }

  private static PgAuditSetting setting(String guc) {
    PgAuditSetting s = PgAuditSetting.fromGuc(guc);
    if (s == null) throw new IllegalArgumentException("unknown setting " + guc);
    return s;
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list != null) for (Object o : (List<?>) list) out.add((String) o);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps and lists always serialise", e);
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
