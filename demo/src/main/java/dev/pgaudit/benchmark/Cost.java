package dev.pgaudit.benchmark;

/**
 * What a phase cost, or the least it could cost: Aiven requests (all that reached the API, 429s
 * included; {@code aivenServiceGets} of them reads of services: single-service GETs and project
 * lists; {@code aivenIntegrationLists} integration lists), pgaudit settings changed by SQL, queries of pg_db_role_setting, and
 * Kubernetes writes by the operator (status, finalizers, Events).
 */
record Cost(long aivenRequests, long aivenServiceGets, long aivenIntegrationLists, long sqlWrites, long sqlReads,
    long kubeWrites) {

  static final Cost ZERO = new Cost(0, 0, 0, 0, 0, 0);

  Cost plus(Cost o) {
    return new Cost(aivenRequests + o.aivenRequests, aivenServiceGets + o.aivenServiceGets,
        aivenIntegrationLists + o.aivenIntegrationLists, sqlWrites + o.sqlWrites, sqlReads + o.sqlReads,
        kubeWrites + o.kubeWrites);
  }
}
