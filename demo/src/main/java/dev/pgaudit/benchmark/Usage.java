package dev.pgaudit.benchmark;

import dev.pgaudit.testkit.aiven.AivenSimulator;
import java.time.Duration;
import java.util.Map;

/**
 * What the operator did between two readings of the {@link Meter}.
 *
 * @param aivenByKey requests the simulator received, by "METHOD path-template"
 * @param aiven429 of those, answered 429 (rate limited)
 * @param maxServiceGetsOfOneService the most reads (service GETs, project lists) any one service or project got
 * @param kubeWrites the operator's write requests to the Kubernetes API, by kind
 * @param sql statements the operator ran on PostgreSQL, counted by the server
 * @param sqlWrites settings changed, as the operator's own metric pgaudit_sql_statements_total says
 * @param reconciles reconciliations the operator started (JOSDK's metric)
 * @param retryWaitSeconds time the operator's Aiven client spent waiting before retries (its metric);
 *     NaN when there were retries but the operator does not export that metric (older versions)
 * @param pacerWaitSeconds time it spent waiting for its own rate limiter (its metric; 0 without one)
 */
record Usage(Duration elapsed, Map<String, Integer> aivenByKey, int aiven429, int maxServiceGetsOfOneService,
    Map<KubeWrites.Kind, Long> kubeWrites,
    SqlStats.Counts sql, long sqlWrites, long reconciles, double retryWaitSeconds, double pacerWaitSeconds) {

  static final String LIST_SERVICES = "GET " + AivenSimulator.SERVICES_PATH;
  static final String GET_SERVICE = "GET " + AivenSimulator.SERVICE_PATH;
  static final String PUT_SERVICE = "PUT " + AivenSimulator.SERVICE_PATH;
  static final String LIST_INTEGRATIONS = "GET " + AivenSimulator.SERVICE_INTEGRATIONS_PATH;
  static final String CREATE_INTEGRATION = "POST " + AivenSimulator.INTEGRATIONS_PATH;
  static final String UPDATE_INTEGRATION = "PUT " + AivenSimulator.INTEGRATION_PATH;

  int aivenTotal() {
    return aivenByKey.values().stream().mapToInt(Integer::intValue).sum();
  }

  int aiven(String key) {
    return aivenByKey.getOrDefault(key, 0);
  }

  int aivenWrites() {
    return aivenByKey.entrySet().stream().filter(e -> !e.getKey().startsWith("GET ")).mapToInt(Map.Entry::getValue).sum();
  }

  long kubeTotal() {
    return kubeWrites.values().stream().mapToLong(Long::longValue).sum();
  }

  Cost cost() {
    return new Cost(aivenTotal(), aiven(GET_SERVICE) + aiven(LIST_SERVICES), aiven(LIST_INTEGRATIONS), sqlWrites, sql.settingsReads(), kubeTotal());
  }
}
