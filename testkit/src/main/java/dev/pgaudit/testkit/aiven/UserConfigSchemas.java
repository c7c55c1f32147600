package dev.pgaudit.testkit.aiven;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user_config schemas the simulator enforces and serves (GET .../service-types/{type},
 * .../service_types, .../integration_types: see {@link TypeEndpoints}): pgaudit exactly as in the
 * reference (§3, all 14 keys), a handful of other pg keys with Aiven's published bounds so merge
 * and validation behaviour can be observed, and the logs integration (§4.4).
 *
 * <p>Not modelled: every other key of Aiven's pg schema (e.g. most of {@code pg.*}, {@code pglookout},
 * {@code timescaledb}, {@code migration}, {@code private_access}, {@code pg_stat_monitor_enable},
 * {@code shared_buffers_percentage} beyond its bounds) and of the OpenSearch schema (all but
 * {@code opensearch_version}); the schemas of integration types other than logs (served as
 * free-form objects). Because unknown keys are rejected by default, a real key missing here is
 * answered 400 "Additional properties are not allowed" by the simulator.
 */
final class UserConfigSchemas {
  static final List<String> PG_VERSIONS =
      List.of("10", "11", "12", "13", "14", "15", "16", "17", "18");
  static final List<String> AUDIT_CLASSES =
      List.of("all", "ddl", "function", "misc", "misc_set", "read", "role", "write");
  static final List<String> LOG_LEVELS =
      List.of("debug1", "debug2", "debug3", "debug4", "debug5", "info", "log", "notice", "warning");
  static final String ROLE_PATTERN = "^[_A-Za-z0-9][-._A-Za-z0-9]{0,63}$";
  static final List<String> LOG_FIELDS =
      List.of("HOSTNAME", "PRIORITY", "REALTIME_TIMESTAMP", "SYSTEMD_UNIT", "service_name");
  static final String INDEX_PREFIX_PATTERN = "^[a-z0-9][a-z0-9-_.]+$";

  static final Prop PGAUDIT = Prop.object(pgauditProperties()).titled("PGAudit settings");
  static final Prop PG = Prop.object(pgProperties());
  /** "1" and "2" are deprecated values still accepted; 2.19, 3.3 and 3.6 are the current ones. */
  static final List<String> OPENSEARCH_VERSIONS = List.of("1", "2", "2.19", "3.3", "3.6");
  static final String DEFAULT_OPENSEARCH_VERSION = "2.19";
  static final Prop OPENSEARCH = Prop.object(Map.of("opensearch_version",
      Prop.enumOf(OPENSEARCH_VERSIONS.toArray(String[]::new)).nullable().titled("OpenSearch version")));
  static final Prop LOGS = Prop.object(logsProperties());

  private UserConfigSchemas() {}

  /** The service types the simulator knows, with their user_config schemas. */
  static final Map<String, Prop> SERVICE_TYPES = Map.of("pg", PG, "opensearch", OPENSEARCH);

  static Prop forServiceType(String serviceType) {
    return "pg".equals(serviceType) ? PG : OPENSEARCH;
  }

  /** The logs schema for logs; a free-form object for the other integration types (not modelled). */
  static Prop forIntegrationType(String integrationType) {
    return "logs".equals(integrationType) ? LOGS : Prop.object(null);
  }

  private static Map<String, Prop> pgauditProperties() {
    Map<String, Prop> p = new LinkedHashMap<>();
    p.put("feature_enabled", Prop.bool(false));
    p.put("log", Prop.array(Prop.enumOf(AUDIT_CLASSES.toArray(String[]::new)), null));
    p.put("log_catalog", Prop.bool(true));
    p.put("log_client", Prop.bool(false));
    p.put("log_level", Prop.enumOf(LOG_LEVELS.toArray(String[]::new)).defaultTo("log"));
    p.put("log_max_string_length", Prop.integer(-1, 102400).defaultTo(-1));
    p.put("log_nested_statements", Prop.bool(true));
    p.put("log_parameter", Prop.bool(false));
    p.put("log_parameter_max_size", Prop.integer(null, null).defaultTo(0));
    p.put("log_relation", Prop.bool(false));
    p.put("log_rows", Prop.bool(false));
    p.put("log_statement", Prop.bool(true));
    p.put("log_statement_once", Prop.bool(false));
    p.put("role", Prop.string().length(null, 64).matching(ROLE_PATTERN));
    return p;
  }

  private static Map<String, Prop> pgProperties() {
    Map<String, Prop> p = new LinkedHashMap<>();
    p.put("pg_version", Prop.enumOf(PG_VERSIONS.toArray(String[]::new)));
    p.put("pgaudit", PGAUDIT);
    // Items are a CIDR string, or {network, description} (Aiven's published schema).
    Map<String, Prop> filterEntry = new LinkedHashMap<>();
    filterEntry.put("description", Prop.string().length(null, 1024));
    filterEntry.put("network", Prop.string().length(null, 43));
    p.put("ip_filter", Prop.array(Prop.anyOf(List.of("string", "object")).length(null, 43)
        .withProperties(filterEntry).requiring("network"), 8000));
    p.put("service_log", Prop.of("boolean").nullable());
    p.put("backup_hour", Prop.integer(0, 23).nullable());
    p.put("backup_minute", Prop.integer(0, 59).nullable());
    p.put("work_mem", Prop.integer(1, 1024));
    p.put("shared_buffers_percentage", Prop.number(20, 60));
    p.put("static_ips", Prop.of("boolean"));
    p.put("admin_username", Prop.string().length(null, 64).matching("^[_A-Za-z0-9][-._A-Za-z0-9]{0,63}$")
        .nullable().asCreateOnly());
    p.put("admin_password", Prop.string().length(8, 256).matching("^[a-zA-Z0-9-_]+$")
        .nullable().asCreateOnly().asSecret());
    Map<String, Prop> pg = new LinkedHashMap<>();
    pg.put("max_connections", Prop.integer(25, 60000));
    pg.put("log_min_duration_statement", Prop.integer(-1, 86400000));
    pg.put("idle_in_transaction_session_timeout", Prop.integer(0, 604800000));
    p.put("pg", Prop.object(pg));
    return p;
  }

  private static Map<String, Prop> logsProperties() {
    Map<String, Prop> p = new LinkedHashMap<>();
    p.put("elasticsearch_index_days_max", Prop.integer(1, 10000).defaultTo(3));
    p.put("elasticsearch_index_prefix", Prop.string().length(1, 1024).matching(INDEX_PREFIX_PATTERN).defaultTo("logs"));
    p.put("selected_log_fields", Prop.array(Prop.enumOf(LOG_FIELDS.toArray(String[]::new)), 5));
    return p;
  }
}
