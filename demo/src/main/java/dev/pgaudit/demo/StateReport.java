package dev.pgaudit.demo;

import dev.pgaudit.testkit.aiven.IntegrationSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the operator's work looks like from outside Kubernetes: the pg service's user_config.pgaudit
 * in the Aiven API, the pgaudit settings in pg_db_role_setting, and the logs integrations.
 */
final class StateReport {
  /** One row per (database, role) target holding pgaudit settings; "*" for "any". Read as superuser. */
  private static final String SQL_SETTINGS = """
      SELECT coalesce(d.datname, '*'), coalesce(r.rolname, '*'),
             array_to_string(ARRAY(SELECT c FROM unnest(s.setconfig) c WHERE c LIKE 'pgaudit.%' ORDER BY c), chr(31))
      FROM pg_db_role_setting s
      LEFT JOIN pg_database d ON d.oid = s.setdatabase
      LEFT JOIN pg_roles r ON r.oid = s.setrole
      WHERE EXISTS (SELECT 1 FROM unnest(s.setconfig) c WHERE c LIKE 'pgaudit.%')
      ORDER BY 1, 2""";
  private static final String SEPARATOR = String.valueOf((char) 31);

  /** A snapshot of the three places. */
  record State(Map<String, Object> pgaudit, List<List<String>> sqlSettings, List<IntegrationSnapshot> integrations) {
    boolean featureEnabled() {
      return Boolean.TRUE.equals(pgaudit.get("feature_enabled"));
    }

    /** The (database, role) pairs holding pgaudit settings. */
    List<List<String>> sqlTargets() {
      return sqlSettings.stream().map(row -> List.of(row.get(0), row.get(1))).toList();
    }
  }

  private StateReport() {}

  @SuppressWarnings("unchecked")
  static State read(DemoEnvironment env) {
    Object pgaudit = env.aiven.userConfig(DemoEnvironment.PROJECT, DemoEnvironment.PG_SERVICE).get("pgaudit");
    Map<String, Object> config = pgaudit instanceof Map<?, ?> m ? new TreeMap<>((Map<String, Object>) m) : Map.of();
    return new State(config, Sql.query(env.pg.superuserParams(), SQL_SETTINGS), env.aiven.integrations(DemoEnvironment.PROJECT));
  }

  static void print(State state, PrintStream out) {
    out.println(TextTable.INDENT + "Aiven API, " + DemoEnvironment.PG_SERVICE + " user_config.pgaudit:");
    if (state.pgaudit().isEmpty()) out.println(TextTable.INDENT + "  (none)");
    state.pgaudit().forEach((key, value) -> out.println(TextTable.INDENT + "  " + key + " = " + value));
    out.println();
    out.println(TextTable.INDENT + "PostgreSQL, pg_db_role_setting (one row per target; * = any):");
    if (state.sqlSettings().isEmpty()) {
      out.println(TextTable.INDENT + "  (no pgaudit settings)");
    } else {
      List<List<String>> rows = state.sqlSettings().stream()
          .map(row -> List.of("  " + row.get(0), row.get(1), settings(row.get(2)))).toList();
      TextTable.print(out, List.of("  DATABASE", "ROLE", "SETTINGS"), rows);
    }
    out.println();
    out.println(TextTable.INDENT + "Aiven API, service integrations:");
    if (state.integrations().isEmpty()) out.println(TextTable.INDENT + "  (none)");
    for (IntegrationSnapshot i : state.integrations()) {
      out.println(TextTable.INDENT + "  " + i.type() + ": " + i.sourceService() + " -> " + i.destService());
      new TreeMap<>(i.userConfig()).forEach((key, value) -> out.println(TextTable.INDENT + "    " + key + " = " + value));
    }
  }

  /** "pgaudit.log=write, ddl" entries as "log='write, ddl'", the prefix being the same for all. */
  static String settings(String joined) {
    return List.of(joined.split(SEPARATOR)).stream().map(entry -> {
      int eq = entry.indexOf('=');
      String name = entry.substring(0, eq).replaceFirst("^pgaudit\\.", "");
      String value = entry.substring(eq + 1);
      return name + "=" + (value.contains(" ") || value.contains(",") ? "'" + value + "'" : value);
    }).collect(Collectors.joining(" "));
  }
}
