package dev.pgaudit.testkit.aiven;

import java.util.Map;

/**
 * A service integration as the simulator holds it at one moment, for tests and the demo to look at
 * (the simulator's own type, not the operator's: what the operator reads comes over HTTP).
 *
 * @param active whether Aiven would report it running ({@code integration_status.state.status: running})
 */
public record IntegrationSnapshot(String id, String type, String sourceProject, String sourceService,
    String destProject, String destService, boolean active, Map<String, Object> userConfig) {}
