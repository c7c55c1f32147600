package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A service integration as the simulator stores it; {@code project} is the one in its URL. */
final class SimIntegration {
  final String id;
  final String project;
  final String type;
  final String sourceProject;
  final String sourceService;
  final String destProject;
  final String destService;
  final Instant createdAt;
  ObjectNode userConfig;
  /** When it last (re)started: at create and at every config update; active once the activation delay has passed. */
  Instant startedAt;
  /** Non-null: it fails instead of running (an injected failure). */
  SimulatorOptions.IntegrationFailure failure;

  SimIntegration(String id, String project, String type, String sourceProject, String sourceService,
      String destProject, String destService, ObjectNode userConfig, Instant createdAt) {
    this.id = id;
    this.project = project;
    this.type = type;
    this.sourceProject = sourceProject;
    this.sourceService = sourceService;
    this.destProject = destProject;
    this.destService = destService;
    this.userConfig = userConfig;
    this.createdAt = createdAt;
    this.startedAt = createdAt;
  }

  boolean involves(String project, String service, boolean includeDestinationSide) {
    boolean source = sourceProject.equals(project) && sourceService.equals(service);
    boolean dest = destProject.equals(project) && destService.equals(service);
    return source || (includeDestinationSide && dest);
  }

  boolean sameLink(String t, String sp, String ss, String dp, String ds) {
    return type.equals(t) && sourceProject.equals(sp) && sourceService.equals(ss)
        && destProject.equals(dp) && destService.equals(ds);
  }
}
