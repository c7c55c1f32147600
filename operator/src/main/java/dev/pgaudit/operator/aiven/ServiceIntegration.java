package dev.pgaudit.operator.aiven;

import java.util.Map;

/** An Aiven service integration; {@code id} may be null for available-but-not-enabled entries. */
public record ServiceIntegration(
    String id,
    String type,
    String sourceProject,
    String sourceService,
    String destProject,
    String destService,
    boolean enabled,
    boolean active,
    Map<String, Object> userConfig) {}
